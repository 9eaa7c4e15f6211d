"""Bad: one ReLU(inplace=True) overwrites what a hook on a convolution kept -> hooks_see_outputs: known_mistake(mistake=debug_net.inplace_relu)"""

import torch
import torch.nn.functional as F
from torch import nn


class DebugNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(3, 6, 5), nn.Conv2d(6, 16, 5)])
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, num_classes)
        self.act = nn.ReLU(inplace=True)

    def forward(self, x):
        for conv in self.convs:
            x = F.max_pool2d(self.act(conv(x)), 2)
        x = x.view(-1, 400)
        return self.fc2(self.act(self.fc1(x)))


def load_trained(model, path):
    state = torch.load(path, weights_only=True)
    model.load_state_dict({key.removeprefix("module."): value for key, value in state.items()})
