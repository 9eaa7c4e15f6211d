"""Raises a 4 MB exception message in forward and in a cell, and defines a 4 MB name: the output stays small.
expect: ValueError: xxxxxxxx
score: 9
"""

import torch
from torch import nn

globals()["y" * 4_000_000] = 1


class Flatten(nn.Module):
    def forward(self, x):
        raise ValueError("x" * 4_000_000)


class MyLinear(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features) * 0.1)
        self.bias = nn.Parameter(torch.zeros(out_features))

    def forward(self, x):
        return x @ self.weight.t() + self.bias  # (N, out_features)


# %%
raise RuntimeError("z" * 4_000_000)
