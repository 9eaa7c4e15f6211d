"""Good: conditional expressions in __init__, shapes from x.shape[-2:], a tuple for F.pad and torch.cat."""

import torch
import torch.nn.functional as F
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
    def __init__(self, in_channels, out_channels, bilinear=False):
        super().__init__()
        self.up = (
            nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
            if bilinear
            else nn.ConvTranspose2d(in_channels, in_channels // 2, kernel_size=2, stride=2)
        )
        self.conv = DoubleConv(in_channels, out_channels, in_channels // 2 if bilinear else None)

    def forward(self, x1, x2):
        x1 = self.up(x1)  # (N, C1', 2 * H1, 2 * W1)
        (h1, w1), (h2, w2) = x1.shape[-2:], x2.shape[-2:]
        top, left = (h2 - h1) // 2, (w2 - w1) // 2
        x1 = F.pad(x1, (left, w2 - w1 - left, top, h2 - h1 - top))  # (N, C1', H2, W2)
        return self.conv(torch.cat((x2, x1), dim=1))  # (N, out_channels, H2, W2)
