"""Good: add_module("conv", ...), xavier init and a zero bias, positional kernel size."""

from torch import nn


class OutConv(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.add_module("conv", nn.Conv2d(in_channels, out_channels, 1))
        nn.init.xavier_uniform_(self.conv.weight)
        nn.init.zeros_(self.conv.bias)

    def forward(self, x):
        return self.conv(x)
