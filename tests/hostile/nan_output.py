"""Returns NaN everywhere (NaN compares unequal, and NaN tolerances are easy to get wrong).
expect: contains NaN
score: 2
"""

import torch
from torch import nn


class Flatten(nn.Module):
    def forward(self, x):
        return torch.full((x.shape[0], x[0].numel()), float("nan"))
