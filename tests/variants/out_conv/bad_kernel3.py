"""Bad: a 3x3 convolution with padding 1 -> parameter_shapes: shape_mismatch_dims(parameter=conv.weight)"""

from torch import nn


class OutConv(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1)

    def forward(self, x):
        return self.conv(x)
