"""Good: conv registered before up, keyword arguments everywhere, nn.functional.pad and torch.concat."""

import torch
from torch import nn


class DoubleConv(nn.Module):
    def __init__(self, in_channels, out_channels, mid_channels=None):
        super().__init__()
        if not mid_channels:
            mid_channels = out_channels
        self.double_conv = nn.Sequential(
            nn.Conv2d(in_channels, mid_channels, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(mid_channels),
            nn.ReLU(inplace=True),
            nn.Conv2d(mid_channels, out_channels, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
        )

    def forward(self, x):
        return self.double_conv(x)


class Up(nn.Module):
    def __init__(self, in_channels: int, out_channels: int, bilinear: bool = False):
        super().__init__()
        if bilinear:
            self.conv = DoubleConv(in_channels, out_channels, mid_channels=in_channels // 2)
            self.up = nn.Upsample(scale_factor=2.0, mode="bilinear", align_corners=True)
        else:
            self.conv = DoubleConv(in_channels=in_channels, out_channels=out_channels)
            self.up = nn.ConvTranspose2d(
                in_channels=in_channels, out_channels=in_channels // 2, kernel_size=(2, 2), stride=(2, 2)
            )

    def forward(self, x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
        x1 = self.up(x1)
        diff_y = x2.size(2) - x1.size(2)
        diff_x = x2.size(3) - x1.size(3)
        pad = [diff_x // 2, diff_x - diff_x // 2, diff_y // 2, diff_y - diff_y // 2]
        x1 = nn.functional.pad(x1, pad)
        return self.conv(torch.concat([x2, x1], dim=1))
