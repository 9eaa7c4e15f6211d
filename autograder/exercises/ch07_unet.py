"""Assignment 07_unet: DoubleConv, Down, Up, OutConv and the full UNet."""

import torch
import torch.nn.functional as F

from autograder.exercises.module_exercise import Config, module_exercise
from autograder.reference import unet as ref

_UNET_PARTS = {"DoubleConv": ref.DoubleConv, "Down": ref.Down, "Up": ref.Up, "OutConv": ref.OutConv}

DOUBLE_CONV = module_exercise(
    "double_conv",
    "07_unet",
    "DoubleConv",
    "DoubleConv",
    ref.DoubleConv,
    (
        Config(args=(3, 8), inputs=(((2, 3, 10, 11),), ((1, 3, 7, 6),))),
        Config(args=(4, 8, 6), inputs=(((2, 4, 9, 9),),)),
    ),
    train=True,
    buffers=True,
    hints={
        "double_conv.0.weight": "The first convolution maps in_channels to mid_channels (mid_channels defaults to "
        "out_channels): Conv2d(in, mid, 3, padding=1, bias=False).",
        "double_conv.3.weight": "The second convolution maps mid_channels to out_channels.",
    },
)

DOWN = module_exercise(
    "down",
    "07_unet",
    "Down",
    "Down",
    ref.Down,
    (Config(args=(4, 8), inputs=(((2, 4, 11, 12),), ((1, 4, 8, 9),))),),
    names=("Down",),
    namespace={"Down": ref.Down, "DoubleConv": ref.DoubleConv},
    train=True,
    buffers=True,
)


class _CatOrder(ref.Up):
    def forward(self, x1, x2):
        x1 = self.up(x1)
        dy, dx = x2.size(2) - x1.size(2), x2.size(3) - x1.size(3)
        x1 = F.pad(x1, [dx // 2, dx - dx // 2, dy // 2, dy - dy // 2])
        return self.conv(torch.cat([x1, x2], dim=1))


class _PadLeft(ref.Up):
    def forward(self, x1, x2):
        x1 = self.up(x1)
        dy, dx = x2.size(2) - x1.size(2), x2.size(3) - x1.size(3)
        x1 = F.pad(x1, [dx - dx // 2, dx // 2, dy - dy // 2, dy // 2])
        return self.conv(torch.cat([x2, x1], dim=1))


class _PadHalves(ref.Up):
    def forward(self, x1, x2):
        x1 = self.up(x1)
        dy, dx = x2.size(2) - x1.size(2), x2.size(3) - x1.size(3)
        x1 = F.pad(x1, [dx // 2, dx // 2, dy // 2, dy // 2])
        return self.conv(torch.cat([x2, x1], dim=1))


class _PadSwapped(ref.Up):
    def forward(self, x1, x2):
        x1 = self.up(x1)
        dy, dx = x2.size(2) - x1.size(2), x2.size(3) - x1.size(3)
        x1 = F.pad(x1, [dy // 2, dy - dy // 2, dx // 2, dx - dx // 2])
        return self.conv(torch.cat([x2, x1], dim=1))


class _AlignCornersFalse(ref.Up):
    def __init__(self, in_channels, out_channels, bilinear=False):
        super().__init__(in_channels, out_channels, bilinear)
        if bilinear:
            self.up = torch.nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)


UP_MISTAKES = (
    (
        "the tensors are concatenated as [x1, x2]; the skip connection comes first: torch.cat([x2, x1], dim=1).",
        _CatOrder,
    ),
    (
        "the odd pixel of padding went to the left/top. Pad with [dx // 2, dx - dx // 2, dy // 2, dy - dy // 2] "
        "so the extra pixel goes right/bottom.",
        _PadLeft,
    ),
    (
        "both sides get diff // 2, so an odd difference loses a pixel. Pad with "
        "[dx // 2, dx - dx // 2, dy // 2, dy - dy // 2].",
        _PadHalves,
    ),
    (
        "F.pad's list starts with the last dimension: [left, right, top, bottom] pads width first, then height.",
        _PadSwapped,
    ),
    ("Upsample uses align_corners=False; the contract asks for align_corners=True.", _AlignCornersFalse),
)

UP = module_exercise(
    "up",
    "07_unet",
    "Up",
    "Up",
    ref.Up,
    (
        Config(args=(16, 8), inputs=(((2, 16, 4, 5), (2, 8, 11, 13)), ((1, 16, 3, 3), (1, 8, 6, 6)))),
        Config(args=(16, 8), kwargs={"bilinear": True}, inputs=(((2, 8, 4, 5), (2, 8, 9, 13)),)),
        Config(args=(16, 4), inputs=(((2, 16, 3, 4), (2, 8, 7, 8)),)),
        Config(args=(16, 4), kwargs={"bilinear": True}, inputs=(((2, 8, 3, 4), (2, 8, 6, 9)),)),
    ),
    names=("Up",),
    namespace={"Up": ref.Up, "DoubleConv": ref.DoubleConv},
    train=True,
    buffers=True,
    mistakes=UP_MISTAKES,
    hints={
        "up.weight": "bilinear defaults to False; then up is ConvTranspose2d(in_channels, in_channels // 2, kernel_size=2, "
        "stride=2): its weight is (in_channels, in_channels // 2, 2, 2).",
        "conv.double_conv.0.weight": "With bilinear, conv is DoubleConv(in_channels, out_channels, in_channels // 2); "
        "without, DoubleConv(in_channels, out_channels).",
    },
)

OUT_CONV = module_exercise(
    "out_conv",
    "07_unet",
    "OutConv",
    "OutConv",
    ref.OutConv,
    (Config(args=(8, 3), inputs=(((2, 8, 5, 6),), ((1, 8, 3, 3),))),),
    hints={
        "conv.weight": "OutConv's conv is a 1x1 nn.Conv2d(in_channels, out_channels, kernel_size=1), applied at "
        "every pixel: its weight is (out_channels, in_channels, 1, 1)."
    },
)


def _unet_with(up_variant):
    """The reference UNet whose Up blocks behave like `up_variant` (a known mistake in Up)."""

    class Variant(ref.UNet):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for module in self.modules():
                if type(module) is ref.Up:
                    module.__class__ = up_variant

    return Variant


UNET = module_exercise(
    "unet",
    "07_unet",
    "UNet",
    "UNet",
    ref.UNet,
    (
        # Odd sizes that are not multiples of 16: every level of the decoder has to pad.
        Config(args=(3, 2), inputs=(((1, 3, 19, 21),), ((2, 3, 17, 18),))),
        Config(args=(1, 4), kwargs={"bilinear": True}, inputs=(((2, 1, 21, 19),), ((1, 1, 16, 16),))),
    ),
    names=("UNet",),
    namespace={"UNet": ref.UNet, **_UNET_PARTS},
    train=True,
    buffers=True,
    hints={
        "down4.maxpool_conv.1.double_conv.0.weight": "down4 goes to 1024 // factor channels, factor = 2 when bilinear.",
        "outc.conv.weight": "outc is OutConv(64, n_classes).",
        "up1.up.weight": "With bilinear=True the Up blocks upsample by interpolation (no weights): pass bilinear on "
        "to each Up.",
    },
    mistakes=tuple((f"in Up: {message}", _unet_with(variant)) for message, variant in UP_MISTAKES),
)

EXERCISES = (DOUBLE_CONV, DOWN, UP, OUT_CONV, UNET)
