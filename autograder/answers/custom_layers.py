"""Chapter 4: layers of your own. Exercises `flatten`, `mylinear` and `running_norm`."""

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


class RunningNorm(nn.Module):
    """Batch normalisation without the affine step, interchangeable with
    nn.BatchNorm1d(num_features, eps=eps, momentum=momentum, affine=False).

    In training mode each feature is normalised with the batch's mean and biased variance, and the running
    statistics move towards the batch's: running = (1 - momentum) * running + momentum * batch, with the
    unbiased variance for `running_var`. In eval mode the running statistics normalise and nothing changes.

    Args:
        num_features: C, the number of features of each input sample.
        momentum: how far the running statistics move towards each batch's. Default: 0.1
        eps: added to the variance before the square root, for numerical stability. Default: 1e-5

    Shape:
        - Input: (N, C), N > 1 in training mode
        - Output: (N, C)

    Attributes:
        running_mean: buffer of shape (C,), starts at zeros
        running_var: buffer of shape (C,), starts at ones
        num_batches_tracked: buffer, a long scalar tensor () that starts at 0 and counts the training-mode
            batches. All three are persistent, as in nn.BatchNorm1d: a checkpoint of either loads into the
            other with strict=True
    """

    def __init__(self, num_features: int, momentum: float = 0.1, eps: float = 1e-5):
        super().__init__()
        ### BEGIN SOLUTION
        self.num_features = num_features
        self.momentum = momentum
        self.eps = eps
        self.register_buffer("running_mean", torch.zeros(num_features))
        self.register_buffer("running_var", torch.ones(num_features))
        self.register_buffer("num_batches_tracked", torch.tensor(0, dtype=torch.long))
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        if self.training:
            # Outside no_grad: the output depends on x through the batch's statistics too.
            mean = x.mean(dim=0)  # (C,)
            var = x.var(dim=0, unbiased=False)  # (C,), biased: what normalises this batch
            with torch.no_grad():
                n = x.shape[0]
                self.running_mean.mul_(1 - self.momentum).add_(self.momentum * mean)
                self.running_var.mul_(1 - self.momentum).add_(self.momentum * var * n / (n - 1))  # unbiased
                self.num_batches_tracked += 1
        else:
            mean, var = self.running_mean, self.running_var
        return (x - mean) / torch.sqrt(var + self.eps)  # (N, C)
        ### END SOLUTION
