"""Bad: .data in forward detaches the parameters, so no gradient ever reaches them -> gradients: no_gradient(parameter=weight)"""

import torch
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features))
        self.bias = nn.Parameter(torch.randn(out_features))

    def forward(self, x):
        return torch.matmul(x, self.weight.data.t()) + self.bias.data
