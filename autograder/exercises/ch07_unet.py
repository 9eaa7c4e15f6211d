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
    hints=("double_conv.0.weight", "double_conv.3.weight"),
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
    ("up.cat_order", _CatOrder),
    ("up.pad_left", _PadLeft),
    ("up.pad_halves", _PadHalves),
    ("up.pad_swapped", _PadSwapped),
    ("up.align_corners_false", _AlignCornersFalse),
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
    hints=("up.weight", "conv.double_conv.0.weight"),
)

OUT_CONV = module_exercise(
    "out_conv",
    "07_unet",
    "OutConv",
    "OutConv",
    ref.OutConv,
    (Config(args=(8, 3), inputs=(((2, 8, 5, 6),), ((1, 8, 3, 3),))),),
    hints=("conv.weight",),
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
    hints=("down4.maxpool_conv.1.double_conv.0.weight", "outc.conv.weight", "up1.up.weight"),
    mistakes=tuple((name, _unet_with(variant)) for name, variant in UP_MISTAKES),
    mistake_part="Up",
)

EXERCISES = (DOUBLE_CONV, DOWN, UP, OUT_CONV, UNET)
