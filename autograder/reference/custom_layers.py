"""Chapter 4: layers of your own. Exercises `flatten` and `mylinear`."""

import math

import torch
import torch.nn.functional as F
from torch import nn


class Flatten(nn.Module):
    """Flattens every dimension but the batch dimension.

    Shape:
        - Input: (N, *)
        - Output: (N, prod(*)); N is kept even when it is 1.
    """

    def __init__(self):
        super().__init__()
        ### BEGIN SOLUTION
        # Flatten has no parameters and no settings: nothing more to build.
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        return x.reshape(x.shape[0], -1)  # (N, prod(*))
        ### END SOLUTION


class MyLinear(nn.Module):
    """A fully connected layer, interchangeable with nn.Linear: y = x W^T + b.

    Args:
        in_features: size of each input sample.
        out_features: size of each output sample.

    Shape:
        - Input: (*, in_features)
        - Output: (*, out_features)

    Attributes:
        weight: nn.Parameter of shape (out_features, in_features)
        bias: nn.Parameter of shape (out_features,)
    """

    def __init__(self, in_features: int, out_features: int):
        super().__init__()
        ### BEGIN SOLUTION
        self.in_features = in_features
        self.out_features = out_features
        self.weight = nn.Parameter(torch.empty(out_features, in_features))
        self.bias = nn.Parameter(torch.empty(out_features))
        # The same initialisation as nn.Linear: uniform in +-1/sqrt(in_features).
        bound = 1 / math.sqrt(in_features) if in_features > 0 else 0
        nn.init.uniform_(self.weight, -bound, bound)
        nn.init.uniform_(self.bias, -bound, bound)
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        return F.linear(x, self.weight, self.bias)  # (*, out_features)
        ### END SOLUTION

    def extra_repr(self) -> str:
        # Read from the weight, so that print(layer) works whichever other attributes __init__ stores.
        out_features, in_features = self.weight.shape
        return f"in_features={in_features}, out_features={out_features}"
