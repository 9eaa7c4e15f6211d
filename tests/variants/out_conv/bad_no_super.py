"""Bad: super().__init__() missing -> constructs: super_init_missing"""

from torch import nn


class OutConv(nn.Module):
    def __init__(self, in_channels, out_channels):
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=1)

    def forward(self, x):
        return self.conv(x)
