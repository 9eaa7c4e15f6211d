"""Zero: the untouched exercise stub."""

import torch
from torch import nn


class WeightNorm(nn.Module):
    def forward(self, g: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        # YOUR CODE HERE
        raise NotImplementedError()

    def right_inverse(self, weight: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        # YOUR CODE HERE
        raise NotImplementedError()


def weight_normalize(linear: nn.Linear) -> nn.Linear:
    # YOUR CODE HERE
    raise NotImplementedError()
