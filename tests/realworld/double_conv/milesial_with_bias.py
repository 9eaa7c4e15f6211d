# source: milesial/Pytorch-UNet@abe3e089d80c1087a276bad91386215a32268526:unet/unet_parts.py (https://github.com/milesial/Pytorch-UNet/blob/abe3e089d80c1087a276bad91386215a32268526/unet/unet_parts.py)
# adapted: pasted as it was before bias=False was added (abe3e08)
# expect: fail bias_unexpected parameter=double_conv.0.bias

import torch
import torch.nn as nn
import torch.nn.functional as F


class DoubleConv(nn.Module):
    """(convolution => [BN] => ReLU) * 2"""

    def __init__(self, in_channels, out_channels, mid_channels=None):
        super().__init__()
        if not mid_channels:
            mid_channels = out_channels
        self.double_conv = nn.Sequential(
            nn.Conv2d(in_channels, mid_channels, kernel_size=3, padding=1),
            nn.BatchNorm2d(mid_channels),
            nn.ReLU(inplace=True),
            nn.Conv2d(mid_channels, out_channels, kernel_size=3, padding=1),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True)
        )

    def forward(self, x):
        return self.double_conv(x)
