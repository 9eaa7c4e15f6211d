"""Bad: only the weight wrapped in nn.Parameter -> parameters_are_registered: param_not_registered(parameter=bias)"""

import torch
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features))
        self.bias = torch.zeros(out_features)

    def forward(self, x):
        return x @ self.weight.t() + self.bias
