"""Bad: bias shaped (1, out_features) -> parameter_shapes: shape_mismatch(parameter=bias)"""

import torch
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features))
        self.bias = nn.Parameter(torch.randn(1, out_features))

    def forward(self, x):
        return x @ self.weight.t() + self.bias
