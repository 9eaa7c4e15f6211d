"""Bad: super().__init__() missing in Down -> constructs: super_init_missing"""

from torch import nn


class Down(nn.Module):
    def __init__(self, in_channels, out_channels):
        self.maxpool_conv = nn.Sequential(nn.MaxPool2d(2), DoubleConv(in_channels, out_channels))

    def forward(self, x):
        return self.maxpool_conv(x)
