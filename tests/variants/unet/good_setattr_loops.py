"""Good: parts in another style (keyword arguments, helper lists); UNet registers down/up blocks with setattr."""

import torch
import torch.nn.functional as F
from torch import nn


class DoubleConv(nn.Module):
    def __init__(self, in_channels, out_channels, mid_channels=None):
        super().__init__()
        mid_channels = mid_channels if mid_channels is not None else out_channels
        layers = []
        for c_in, c_out in ((in_channels, mid_channels), (mid_channels, out_channels)):
            layers.append(nn.Conv2d(c_in, c_out, kernel_size=3, padding=1, bias=False))
            layers.append(nn.BatchNorm2d(c_out))
            layers.append(nn.ReLU())
        self.double_conv = nn.Sequential(*layers)

    def forward(self, x):
        return self.double_conv(x)


class Down(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.maxpool_conv = nn.Sequential(nn.MaxPool2d(kernel_size=2), DoubleConv(in_channels, out_channels))

    def forward(self, x):
        return self.maxpool_conv(x)


class Up(nn.Module):
    def __init__(self, in_channels, out_channels, bilinear=False):
        super().__init__()
        if bilinear:
            self.up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
            self.conv = DoubleConv(in_channels, out_channels, mid_channels=in_channels // 2)
        else:
            self.up = nn.ConvTranspose2d(in_channels, in_channels // 2, kernel_size=2, stride=2)
            self.conv = DoubleConv(in_channels, out_channels)

    def forward(self, x1, x2):
        x1 = self.up(x1)
        dy, dx = x2.shape[2] - x1.shape[2], x2.shape[3] - x1.shape[3]
        x1 = F.pad(x1, (dx // 2, dx - dx // 2, dy // 2, dy - dy // 2))
        return self.conv(torch.cat((x2, x1), dim=1))


class OutConv(nn.Module):
    def __init__(self, in_channels, out_channels):
        super().__init__()
        self.conv = nn.Conv2d(in_channels, out_channels, 1)

    def forward(self, x):
        return self.conv(x)


class UNet(nn.Module):
    def __init__(self, n_channels, n_classes, bilinear=False):
        super().__init__()
        self.n_channels, self.n_classes, self.bilinear = n_channels, n_classes, bilinear
        factor = 2 if bilinear else 1
        widths = [64, 128, 256, 512, 1024 // factor]
        self.inc = DoubleConv(n_channels, widths[0])
        for i in range(1, 5):
            setattr(self, f"down{i}", Down(widths[i - 1], widths[i]))
        ups = [(1024, 512 // factor), (512, 256 // factor), (256, 128 // factor), (128, 64)]
        for i, (c_in, c_out) in enumerate(ups, start=1):
            setattr(self, f"up{i}", Up(c_in, c_out, bilinear))
        self.outc = OutConv(64, n_classes)

    def forward(self, x):
        features = [self.inc(x)]
        for i in range(1, 5):
            features.append(getattr(self, f"down{i}")(features[-1]))
        x = features[4]
        for i in range(1, 5):
            x = getattr(self, f"up{i}")(x, features[4 - i])
        return self.outc(x)
