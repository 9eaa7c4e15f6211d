"""Good: milesial/Pytorch-UNet's OutConv as that repository writes it, old-style super(OutConv, self)."""

import torch.nn as nn


class OutConv(nn.Module):
    def __init__(self, in_channels, out_channels):
        super(OutConv, self).__init__()  # noqa: UP008 (the repository's own spelling)
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=1)

    def forward(self, x):
        return self.conv(x)
