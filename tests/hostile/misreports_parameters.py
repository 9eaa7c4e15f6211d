"""A MyLinear that overrides named_parameters and state_dict to report the right names, while its real
parameters are called w and b.
expect: `w` has the shape expected of `weight`
score: 2
"""

from collections import OrderedDict

import torch
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.w = nn.Parameter(torch.randn(out_features, in_features))
        self.b = nn.Parameter(torch.randn(out_features))

    def named_parameters(self, *args, **kwargs):
        yield "weight", self.w
        yield "bias", self.b

    def state_dict(self, *args, **kwargs):
        return OrderedDict(weight=self.w.detach(), bias=self.b.detach())

    def forward(self, x):
        return torch.nn.functional.linear(x, self.w, self.b)
