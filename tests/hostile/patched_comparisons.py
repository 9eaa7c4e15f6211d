"""Patches torch.allclose, torch.equal and Tensor.__eq__ to always agree, and returns zeros.
expect: values differ
score: 2
"""

import torch
from torch import nn

torch.allclose = lambda *args, **kwargs: True
torch.equal = lambda *args, **kwargs: True
torch.Tensor.__eq__ = lambda self, other: torch.ones_like(self, dtype=torch.bool)


class Flatten(nn.Module):
    def forward(self, x):
        return torch.zeros(x.shape[0], x[0].numel())
