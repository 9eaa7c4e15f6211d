"""Bad: one BatchNorm2d module reused after both convolutions -> parameter_names: shared_module(name=double_conv.4)"""

from torch import nn


class DoubleConv(nn.Module):
    def __init__(self, in_channels, out_channels, mid_channels=None):
        super().__init__()
        if not mid_channels:
            mid_channels = out_channels
        bn = nn.BatchNorm2d(out_channels)
        relu = nn.ReLU(inplace=True)
        self.double_conv = nn.Sequential(
            nn.Conv2d(in_channels, mid_channels, kernel_size=3, padding=1, bias=False),
            bn,
            relu,
            nn.Conv2d(mid_channels, out_channels, kernel_size=3, padding=1, bias=False),
            bn,
            relu,
        )

    def forward(self, x):
        return self.double_conv(x)
