"""Bad: in and out channels swapped -> parameter_shapes: shape_mismatch_dims(parameter=conv.weight)"""

from torch import nn


class OutConv(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = nn.Conv2d(out_channels, in_channels, kernel_size=1)

    def forward(self, x):
        return self.conv(x)
