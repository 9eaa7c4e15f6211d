"""Bad: pool and DoubleConv as two attributes -> parameter_names: rename_same_shape(name=conv.double_conv.0.weight)"""

from torch import nn


class Down(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.pool = nn.MaxPool2d(2)
        self.conv = DoubleConv(in_channels, out_channels)

    def forward(self, x):
        return self.conv(self.pool(x))
