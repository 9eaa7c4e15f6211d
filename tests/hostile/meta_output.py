"""Flatten returns a tensor on the meta device (a shape with no values): one exercise's forward fails, not the channel.
expect: forward returned a tensor on the meta device
score: 9
"""

import torch
from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return torch.empty(x.shape[0], x[0].numel(), device="meta")


class MyLinear(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features) * 0.1)
        self.bias = nn.Parameter(torch.zeros(out_features))

    def forward(self, x):
        return x @ self.weight.t() + self.bias  # (N, out_features)
