"""Bad: the layer named `outc` (UNet's attribute) instead of `conv` -> parameter_names: rename_same_shape(name=outc.weight)"""

from torch import nn


class OutConv(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.outc = nn.Conv2d(in_channels, out_channels, kernel_size=1)

    def forward(self, x):
        return self.outc(x)
