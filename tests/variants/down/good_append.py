"""Good: Sequential.append, MaxPool2d(kernel_size=2, stride=2), DoubleConv with separate ReLU modules."""

from torch import nn


class DoubleConv(nn.Module):
    def __init__(self, in_channels, out_channels, mid_channels=None):
        super().__init__()
        mid_channels = mid_channels or out_channels
        self.double_conv = nn.Sequential(
            nn.Conv2d(in_channels, mid_channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(mid_channels),
            nn.ReLU(),
            nn.Conv2d(mid_channels, out_channels, 3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(),
        )

    def forward(self, x):
        return self.double_conv(x)


class Down(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.maxpool_conv = nn.Sequential()
        self.maxpool_conv.append(nn.MaxPool2d(kernel_size=2, stride=2))
        self.maxpool_conv.append(DoubleConv(in_channels, out_channels))

    def forward(self, x):
        x = self.maxpool_conv(x)  # (N, out_channels, H // 2, W // 2)
        return x
