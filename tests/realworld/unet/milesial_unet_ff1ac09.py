# source: milesial/Pytorch-UNet@ff1ac0936c118d129bc8a8014958948d3b3883be:unet/unet_model.py (https://github.com/milesial/Pytorch-UNet/blob/ff1ac0936c118d129bc8a8014958948d3b3883be/unet/unet_model.py)
# adapted: pasted as it was at ff1ac09 (fixed channel counts, bilinear's layout; a softmax or sigmoid at the end), bilinear's default changed to the contract's False, the parts from the earlier cells
# expect: fail exercise_hint parameter=down4.maxpool_conv.1.double_conv.0.weight
# expect: fail layers_match_forward_differs

import torch
import torch.nn.functional as F
from torch import nn


class UNet(nn.Module):
    def __init__(self, n_channels, n_classes, bilinear=False):
        super(UNet, self).__init__()
        self.n_channels = n_channels
        self.n_classes = n_classes
        self.bilinear = bilinear

        self.inc = DoubleConv(n_channels, 64)
        self.down1 = Down(64, 128)
        self.down2 = Down(128, 256)
        self.down3 = Down(256, 512)
        self.down4 = Down(512, 512)
        self.up1 = Up(1024, 256, bilinear)
        self.up2 = Up(512, 128, bilinear)
        self.up3 = Up(256, 64, bilinear)
        self.up4 = Up(128, 64, bilinear)
        self.outc = OutConv(64, n_classes)

    def forward(self, x):
        x1 = self.inc(x)
        x2 = self.down1(x1)
        x3 = self.down2(x2)
        x4 = self.down3(x3)
        x5 = self.down4(x4)
        x = self.up1(x5, x4)
        x = self.up2(x, x3)
        x = self.up3(x, x2)
        x = self.up4(x, x1)
        x = self.outc(x)
        if self.n_classes > 1:
            return F.softmax(x, dim=1)
        else:
            return torch.sigmoid(x)
