"""Good: F.relu in forward (relu still registered), conditional expression for downsample, other order."""

import torch.nn.functional as F
from torch import nn


class BasicBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        needs_projection = stride > 1 or in_channels != out_channels
        self.downsample = (
            nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )
            if needs_projection
            else None
        )
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, 1, 1, bias=False)
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride, 1, bias=False)
        self.relu = nn.ReLU()

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))  # (N, out, H / s, W / s)
        out = self.bn2(self.conv2(out))  # (N, out, H / s, W / s)
        shortcut = x if self.downsample is None else self.downsample(x)
        return F.relu(out + shortcut)
