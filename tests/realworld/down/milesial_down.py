# source: milesial/Pytorch-UNet@21d7850f2af30a9695bbeea75f3136aa538cfc4a:unet/unet_parts.py (https://github.com/milesial/Pytorch-UNet/blob/21d7850f2af30a9695bbeea75f3136aa538cfc4a/unet/unet_parts.py)
# adapted: pasted as it is (DoubleConv from the earlier cell)
# expect: pass

import torch.nn as nn


class Down(nn.Module):
    """Downscaling with maxpool then double conv"""

    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.maxpool_conv = nn.Sequential(
            nn.MaxPool2d(2),
            DoubleConv(in_channels, out_channels)
        )

    def forward(self, x):
        return self.maxpool_conv(x)
