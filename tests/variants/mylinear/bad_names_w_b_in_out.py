"""Bad: names w, b and a (in, out) weight, as in many blog posts -> loads_nn_linear_state_dict: linear_state_dict_does_not_load(config=MyLinear(6, 6))"""

import torch
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.w = nn.Parameter(torch.randn(in_features, out_features))
        self.b = nn.Parameter(torch.randn(out_features))

    def forward(self, x):
        return x @ self.w + self.b
