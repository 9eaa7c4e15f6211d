# source: milesial/Pytorch-UNet@21d7850f2af30a9695bbeea75f3136aa538cfc4a:unet/unet_parts.py (https://github.com/milesial/Pytorch-UNet/blob/21d7850f2af30a9695bbeea75f3136aa538cfc4a/unet/unet_parts.py)
# adapted: the pool and the convolutions as two attributes, as older U-Net ports write them
# expect: fail names_unexpected

import torch.nn as nn


class Down(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.pool = nn.MaxPool2d(2)
        self.conv = DoubleConv(in_channels, out_channels)

    def forward(self, x):
        return self.conv(self.pool(x))
