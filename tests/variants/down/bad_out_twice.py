"""Bad: DoubleConv(out_channels, out_channels) in Down -> parameter_shapes: shape_mismatch_dims(parameter=maxpool_conv.1.double_conv.0.weight)"""

from torch import nn


class Down(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.maxpool_conv = nn.Sequential(nn.MaxPool2d(2), DoubleConv(out_channels, out_channels))

    def forward(self, x):
        return self.maxpool_conv(x)
