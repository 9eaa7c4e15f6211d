"""Good: an empty nn.Sequential filled with add_module("0", ...), padding="same", kaiming init."""

import torch
from torch import nn


class DoubleConv(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, mid_channels: int | None = None):
        super().__init__()
        mid = mid_channels or out_channels
        self.double_conv = nn.Sequential()
        self.double_conv.add_module(
            "0", nn.Conv2d(in_channels, mid, kernel_size=3, padding="same", bias=False)
        )
        self.double_conv.add_module("1", nn.BatchNorm2d(mid))
        self.double_conv.add_module("2", nn.ReLU(inplace=True))
        self.double_conv.add_module(
            "3", nn.Conv2d(mid, out_channels, kernel_size=3, padding="same", bias=False)
        )
        self.double_conv.add_module("4", nn.BatchNorm2d(out_channels))
        self.double_conv.add_module("5", nn.ReLU(inplace=True))
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.double_conv(x)
