"""Allocates a 160 GB tensor when built.
expect: memory limit
score: 0
"""

import torch
from torch import nn


class Flatten(nn.Module):
    def __init__(self):
        super().__init__()
        self.buffer = torch.empty(40_000_000_000)

    def forward(self, x):
        return x.reshape(x.shape[0], -1)
