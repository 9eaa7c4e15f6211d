"""Flatten returns a sparse tensor: that forward check fails with a clear reason; MyLinear keeps its points.
expect: forward returned a sparse tensor
score: 9
"""

import torch
from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return x.reshape(x.shape[0], -1).to_sparse()


class MyLinear(nn.Module):
    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features) * 0.1)
        self.bias = nn.Parameter(torch.zeros(out_features))

    def forward(self, x):
        return x @ self.weight.t() + self.bias  # (N, out_features)
