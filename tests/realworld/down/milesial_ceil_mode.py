# source: milesial/Pytorch-UNet@21d7850f2af30a9695bbeea75f3136aa538cfc4a:unet/unet_parts.py (https://github.com/milesial/Pytorch-UNet/blob/21d7850f2af30a9695bbeea75f3136aa538cfc4a/unet/unet_parts.py)
# adapted: MaxPool2d(2, ceil_mode=True), to keep odd sizes
# expect: fail first_shape_differs layer=maxpool_conv.0

import torch.nn as nn


class Down(nn.Module):
    """Downscaling with maxpool then double conv"""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.maxpool_conv = nn.Sequential(
            nn.MaxPool2d(2, ceil_mode=True),
            DoubleConv(in_channels, out_channels)
        )

    def forward(self, x):
        return self.maxpool_conv(x)
