"""Good: kernel_size=(1, 1), explicit stride, padding and bias=True, type hints."""

import torch
from torch import nn


class OutConv(nn.Module):
    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=(1, 1), stride=1, padding=0, bias=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.conv(x)  # (N, out_channels, H, W)
        return x
