# source: wenet-e2e/wespeaker@b4759ef0e8c51dfa7accdb93a98df76a275d636f:wespeaker/utils/checkpoint.py (https://github.com/wenet-e2e/wespeaker/blob/b4759ef0e8c51dfa7accdb93a98df76a275d636f/wespeaker/utils/checkpoint.py)
# adapted: load_checkpoint pasted as load_trained (weights_only=True added); DebugNet the task's other two bugs fixed
# expect: fail known_mistake mistake=debug_net.strict_false

import logging

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


def load_trained(model: torch.nn.Module, path: str):
    checkpoint = torch.load(path, map_location='cpu', weights_only=True)
    missing_keys, unexpected_keys = model.load_state_dict(checkpoint,
                                                          strict=False)
    for key in missing_keys:
        logging.warning('missing tensor: {}'.format(key))
    for key in unexpected_keys:
        logging.warning('unexpected tensor: {}'.format(key))
