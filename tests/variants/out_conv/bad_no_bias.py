"""Bad: bias=False copied from the convolutions before BatchNorm -> parameter_names: bias_missing(parameter=conv.bias)"""

from torch import nn


class OutConv(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=1, bias=False)

    def forward(self, x):
        return self.conv(x)
