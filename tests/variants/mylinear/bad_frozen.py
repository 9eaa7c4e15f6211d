"""Bad: parameters created with requires_grad=False -> parameters_are_registered: param_frozen(parameter=weight)"""

import torch
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features), requires_grad=False)
        self.bias = nn.Parameter(torch.randn(out_features), requires_grad=False)

    def forward(self, x):
        return x @ self.weight.t() + self.bias
