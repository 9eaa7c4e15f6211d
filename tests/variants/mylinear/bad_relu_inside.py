"""Bad: ReLU applied inside the linear layer (d2l) -> forward: known_mistake(mistake=mylinear.relu)"""

import torch
import torch.nn.functional as F
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features))
        self.bias = nn.Parameter(torch.randn(out_features))

    def forward(self, x):
        return F.relu(x @ self.weight.t() + self.bias)
