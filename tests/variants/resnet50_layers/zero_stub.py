"""Zero: the untouched exercise stub."""

import torch
from torch import nn


class ResNetStages(nn.Module):
    def __init__(self, layers: tuple[int, int, int, int] = (3, 4, 6, 3), bottleneck: bool = True):
        super().__init__()
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # YOUR CODE HERE
        raise NotImplementedError()
