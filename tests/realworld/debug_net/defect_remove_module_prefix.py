# source: Tsai-chia-hsiang/Defect-Classificaiton@2afff96acdce189e06160c0ad67ec4a186e3d87d:model/__init__.py (https://github.com/Tsai-chia-hsiang/Defect-Classificaiton/blob/2afff96acdce189e06160c0ad67ec4a186e3d87d/model/__init__.py)
# adapted: remove_module_prefix applied to the loaded checkpoint, then a strict load in load_trained; DebugNet the task's three bugs fixed
# expect: pass

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
        x = torch.flatten(x, 1)
        return self.fc2(self.act(self.fc1(x)))


def remove_module_prefix(state_dict):
    """
    Remove the 'module.' prefix from the state dictionary keys.
    """
    new_state_dict = {}
    for k, v in state_dict.items():
        if k.startswith('module.'):
            new_state_dict[k[7:]] = v  # Remove the 'module.' prefix
        else:
            new_state_dict[k] = v
    return new_state_dict


def load_trained(model, path):
    state_dict = torch.load(path, map_location='cpu', weights_only=True)
    model.load_state_dict(remove_module_prefix(state_dict))
