"""Bad: weights initialised from NumPy, so they are float64 -> parameters_are_registered: param_dtype(parameter=weight)"""

import numpy as np
import torch
from torch import nn


class MyLinear(nn.Module):
    def __init__(self, in_features, out_features):
        super().__init__()
        self.weight = nn.Parameter(torch.from_numpy(np.random.randn(out_features, in_features)))
        self.bias = nn.Parameter(torch.from_numpy(np.zeros(out_features)))

    def forward(self, x):
        return x @ self.weight.t() + self.bias
