"""Good: layers collected in a list from a loop, then unpacked into nn.Sequential; `is None` default."""

from torch import nn


class DoubleConv(nn.Module):
    def __init__(self, in_channels, out_channels, mid_channels=None):
        super().__init__()
        if mid_channels is None:
            mid_channels = out_channels
        layers = []
        for c_in, c_out in [(in_channels, mid_channels), (mid_channels, out_channels)]:
            layers += [nn.Conv2d(c_in, c_out, 3, padding=1, bias=False), nn.BatchNorm2d(c_out), nn.ReLU()]
        self.double_conv = nn.Sequential(*layers)

    def forward(self, x):
        x = self.double_conv(x)  # (N, out_channels, H, W)
        return x
