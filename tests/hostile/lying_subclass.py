"""Returns a Tensor subclass whose comparisons all claim equality, holding wrong values.
expect: values differ
score: 2
"""

import torch
from torch import nn


class Liar(torch.Tensor):
    def __eq__(self, other):
        return True

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        if func in (torch.allclose, torch.equal, torch.isclose):
            return True
        return super().__torch_function__(func, types, args, kwargs or {})


class Flatten(nn.Module):
    def forward(self, x):
        return torch.zeros(x.shape[0], x[0].numel()).as_subclass(Liar)
