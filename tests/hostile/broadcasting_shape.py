"""Returns (N, 1, out) from MyLinear: allclose would broadcast it against (N, out).
expect: expected shape
score: 6
"""

import torch
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features))
        self.bias = nn.Parameter(torch.randn(out_features))

    def forward(self, x):
        return torch.nn.functional.linear(x, self.weight, self.bias).unsqueeze(-2)
