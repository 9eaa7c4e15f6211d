"""Bad: DoubleConv before the max-pool -> parameter_names: index_shift(name=maxpool_conv.0.double_conv.0.weight)"""

from torch import nn


class Down(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.maxpool_conv = nn.Sequential(DoubleConv(in_channels, out_channels), nn.MaxPool2d(2))

    def forward(self, x):
        return self.maxpool_conv(x)
