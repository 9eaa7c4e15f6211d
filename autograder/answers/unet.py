"""Chapter 7: U-Net. Exercises `double_conv`, `down`, `up`, `out_conv` and `unet`."""

import torch
import torch.nn.functional as F
from torch import nn


class DoubleConv(nn.Module):
    """(3x3 convolution, BatchNorm, ReLU) twice; the spatial size is kept.

    Args:
        in_channels: channels of the input.
        out_channels: channels of the output.
        mid_channels: channels between the two convolutions. Default: out_channels.

    Shape:
        - Input: (N, in_channels, H, W)
        - Output: (N, out_channels, H, W)

    Attributes:
        double_conv.0.weight: (mid_channels, in_channels, 3, 3), no bias; double_conv.1: BatchNorm2d(mid)
        double_conv.3.weight: (out_channels, mid_channels, 3, 3), no bias; double_conv.4: BatchNorm2d(out)
    """

    def __init__(self, in_channels: int, out_channels: int, mid_channels: int | None = None):
        super().__init__()
        ### BEGIN SOLUTION
        mid_channels = mid_channels or out_channels
        self.double_conv = nn.Sequential(
            nn.Conv2d(in_channels, mid_channels, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(mid_channels),
            nn.ReLU(inplace=True),
            nn.Conv2d(mid_channels, out_channels, kernel_size=3, padding=1, bias=False),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
        )
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        return self.double_conv(x)  # (N, out_channels, H, W)
        ### END SOLUTION


class Down(nn.Module):
    """Halves the spatial size with a 2x2 max-pool, then applies DoubleConv.

    Shape:
        - Input: (N, in_channels, H, W)
        - Output: (N, out_channels, H // 2, W // 2)

    Attributes:
        maxpool_conv: Sequential(MaxPool2d(2), DoubleConv(in_channels, out_channels))
    """

    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        ### BEGIN SOLUTION
        self.maxpool_conv = nn.Sequential(nn.MaxPool2d(2), DoubleConv(in_channels, out_channels))
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        return self.maxpool_conv(x)  # (N, out_channels, H // 2, W // 2)
        ### END SOLUTION


class Up(nn.Module):
    """Doubles the spatial size of `x1`, pads it to the size of the skip connection `x2`, concatenates, DoubleConv.

    Args:
        in_channels: channels of the concatenation [x2, upsampled x1].
        out_channels: channels of the output.
        bilinear: upsample with bilinear interpolation instead of a transposed convolution. Default: False.

    Shape:
        - Input: x1 (N, C1, H1, W1) from the layer below; x2 (N, C2, H2, W2) from the skip connection, with
          H2 >= 2 * H1 and W2 >= 2 * W1. Transposed: C1 = in_channels, C2 = in_channels // 2.
          Bilinear: C1 + C2 = in_channels.
        - Output: (N, out_channels, H2, W2)

    Attributes:
        up: Upsample(scale_factor=2, mode="bilinear", align_corners=True) when bilinear, else
            ConvTranspose2d(in_channels, in_channels // 2, kernel_size=2, stride=2)
        conv: DoubleConv(in_channels, out_channels, in_channels // 2) when bilinear, else
            DoubleConv(in_channels, out_channels)
    """

    def __init__(self, in_channels: int, out_channels: int, bilinear: bool = False):
        super().__init__()
        ### BEGIN SOLUTION
        if bilinear:
            self.up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True)
            self.conv = DoubleConv(in_channels, out_channels, in_channels // 2)
        else:
            self.up = nn.ConvTranspose2d(in_channels, in_channels // 2, kernel_size=2, stride=2)
            self.conv = DoubleConv(in_channels, out_channels)
        ### END SOLUTION

    def forward(self, x1: torch.Tensor, x2: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        x1 = self.up(x1)  # (N, C1', 2 * H1, 2 * W1)
        diff_y = x2.size(2) - x1.size(2)
        diff_x = x2.size(3) - x1.size(3)
        # Split the padding as evenly as possible; the odd pixel goes to the right / bottom.
        x1 = F.pad(
            x1, [diff_x // 2, diff_x - diff_x // 2, diff_y // 2, diff_y - diff_y // 2]
        )  # (N, C1', H2, W2)
        x = torch.cat([x2, x1], dim=1)  # (N, C2 + C1', H2, W2)
        return self.conv(x)  # (N, out_channels, H2, W2)
        ### END SOLUTION


class OutConv(nn.Module):
    """A 1x1 convolution mapping features to class scores.

    Shape:
        - Input: (N, in_channels, H, W)
        - Output: (N, out_channels, H, W)

    Attributes:
        conv.weight: (out_channels, in_channels, 1, 1), conv.bias: (out_channels,)
    """

    def __init__(self, in_channels: int, out_channels: int):
        super().__init__()
        ### BEGIN SOLUTION
        self.conv = nn.Conv2d(in_channels, out_channels, kernel_size=1)
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        return self.conv(x)  # (N, out_channels, H, W)
        ### END SOLUTION


class UNet(nn.Module):
    """U-Net (Ronneberger et al., 2015) with padded convolutions, so the output has the input's size.

    Args:
        n_channels: channels of the input image.
        n_classes: channels of the output (one score map per class).
        bilinear: upsample by interpolation instead of transposed convolutions. Default: False.

    Shape:
        - Input: (N, n_channels, H, W), any H, W >= 16
        - Output: (N, n_classes, H, W)

    Attributes:
        inc: DoubleConv(n_channels, 64); down1..down4: Down to 128, 256, 512, 1024 // factor channels;
        up1..up4: Up(1024, 512 // factor), Up(512, 256 // factor), Up(256, 128 // factor), Up(128, 64);
        outc: OutConv(64, n_classes). factor is 2 when bilinear, else 1.
    """

    def __init__(self, n_channels: int, n_classes: int, bilinear: bool = False):
        super().__init__()
        ### BEGIN SOLUTION
        self.n_channels = n_channels
        self.n_classes = n_classes
        self.bilinear = bilinear
        factor = 2 if bilinear else 1
        self.inc = DoubleConv(n_channels, 64)
        self.down1 = Down(64, 128)
        self.down2 = Down(128, 256)
        self.down3 = Down(256, 512)
        self.down4 = Down(512, 1024 // factor)
        self.up1 = Up(1024, 512 // factor, bilinear)
        self.up2 = Up(512, 256 // factor, bilinear)
        self.up3 = Up(256, 128 // factor, bilinear)
        self.up4 = Up(128, 64, bilinear)
        self.outc = OutConv(64, n_classes)
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        x1 = self.inc(x)  # (N, 64, H, W)
        x2 = self.down1(x1)  # (N, 128, H/2, W/2)
        x3 = self.down2(x2)  # (N, 256, H/4, W/4)
        x4 = self.down3(x3)  # (N, 512, H/8, W/8)
        x5 = self.down4(x4)  # (N, 1024 // factor, H/16, W/16)
        x = self.up1(x5, x4)  # (N, 512 // factor, H/8, W/8)
        x = self.up2(x, x3)  # (N, 256 // factor, H/4, W/4)
        x = self.up3(x, x2)  # (N, 128 // factor, H/2, W/2)
        x = self.up4(x, x1)  # (N, 64, H, W)
        return self.outc(x)  # (N, n_classes, H, W)
        ### END SOLUTION
