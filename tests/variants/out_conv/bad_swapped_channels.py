"""Bad: in and out channels swapped -> parameter_shapes: out_channels should be 3, not 8"""

from torch import nn


class OutConv(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = nn.Conv2d(out_channels, in_channels, kernel_size=1)

    def forward(self, x):
        return self.conv(x)
