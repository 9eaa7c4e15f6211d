"""Good: F.relu (a new tensor each time) and flatten; the prefix cut by its length where the key has it"""

import torch
import torch.nn.functional as F
from torch import nn


class DebugNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(3, 6, kernel_size=5), nn.Conv2d(6, 16, kernel_size=5)])
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, num_classes)
        self.act = nn.ReLU()

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.convs[0](x)), 2)
        x = F.max_pool2d(F.relu(self.convs[1](x)), 2)
        return self.fc2(F.relu(self.fc1(torch.flatten(x, 1))))


def load_trained(model, path):
    prefix = "module."
    state = torch.load(path, map_location="cpu", weights_only=True)
    state = {(k[len(prefix) :] if k.startswith(prefix) else k): v for k, v in state.items()}
    missing, unexpected = model.load_state_dict(state, strict=True)
    assert not missing and not unexpected
