"""A Flatten that is right on its first call only.
expect: forward must not change the module
score: 2
"""

import torch
from torch import nn


class Flatten(nn.Module):
    def __init__(self):
        super().__init__()
        self.calls = 0

    def forward(self, x):
        self.calls += 1
        out = x.reshape(x.shape[0], -1)
        return out if self.calls == 1 else torch.zeros_like(out)
