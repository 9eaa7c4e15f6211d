# source: milesial/Pytorch-UNet@21d7850f2af30a9695bbeea75f3136aa538cfc4a:unet/unet_parts.py (https://github.com/milesial/Pytorch-UNet/blob/21d7850f2af30a9695bbeea75f3136aa538cfc4a/unet/unet_parts.py)
# adapted: the layer named after UNet's attribute `outc`
# expect: fail rename_same_shape name=outc.weight

import torch.nn as nn


class OutConv(nn.Module):
    def __init__(self, in_channels, out_channels):
        super(OutConv, self).__init__()
        self.outc = nn.Conv2d(in_channels, out_channels, kernel_size=1)

    def forward(self, x):
        return self.outc(x)
