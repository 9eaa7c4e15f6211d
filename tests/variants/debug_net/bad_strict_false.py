"""Bad: the DataParallel checkpoint loaded as it is with strict=False: nothing loads -> loads_checkpoint: known_mistake(mistake=debug_net.strict_false)"""

import torch
import torch.nn.functional as F
from torch import nn


class DebugNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(3, 6, 5), nn.Conv2d(6, 16, 5)])
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, num_classes)
        self.act = nn.ReLU()

    def forward(self, x):
        for conv in self.convs:
            x = F.max_pool2d(self.act(conv(x)), 2)
        x = x.view(-1, 400)
        return self.fc2(self.act(self.fc1(x)))


def load_trained(model, path):
    state = torch.load(path, weights_only=True)
    model.load_state_dict(state, strict=False)
