"""Good: DoubleConv from a list comprehension; Down's Sequential from a list, the pool with ceil_mode=False."""

import torch
from torch import nn


class DoubleConv(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, mid_channels: int | None = None):
        super().__init__()
        if mid_channels is None:
            mid_channels = out_channels
        pairs = [(in_channels, mid_channels), (mid_channels, out_channels)]
        layers = [
            layer
            for c_in, c_out in pairs
            for layer in (
                nn.Conv2d(c_in, c_out, 3, 1, 1, bias=False),
                nn.BatchNorm2d(c_out),
                nn.ReLU(inplace=True),
            )
        ]
        self.double_conv = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.double_conv(x)


class Down(nn.Module):
    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        layers = [nn.MaxPool2d(2, ceil_mode=False), DoubleConv(in_channels, out_channels)]
        self.maxpool_conv = nn.Sequential(*layers)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.maxpool_conv(x)
