"""Bad: plain tensors instead of nn.Parameter -> parameter_names: plain_tensor_attribute(parameter=weight)"""

import torch
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = torch.randn(out_features, in_features, requires_grad=True)
        self.bias = torch.randn(out_features, requires_grad=True)

    def forward(self, x):
        return x @ self.weight.t() + self.bias
