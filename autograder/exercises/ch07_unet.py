"""Assignment 07_unet: DoubleConv, Down, Up, OutConv and the full UNet."""

from autograder.exercises.module_exercise import Config, module_exercise

_UNET_PARTS = {
    "DoubleConv": "unet:DoubleConv",
    "Down": "unet:Down",
    "Up": "unet:Up",
    "OutConv": "unet:OutConv",
}
# Known mistakes in Up: reported in `up`, and in `unet` as a mistake in its Up part.
UP_MISTAKES = ("up.cat_order", "up.pad_left", "up.pad_halves", "up.pad_swapped", "up.align_corners_false")

DOUBLE_CONV = module_exercise(
    "double_conv",
    "07_unet",
    "DoubleConv",
    "DoubleConv",
    "unet:DoubleConv",
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
    "unet:Down",
    (Config(args=(4, 8), inputs=(((2, 4, 11, 12),), ((1, 4, 8, 9),))),),
    names=("Down",),
    namespace={"Down": "unet:Down", "DoubleConv": "unet:DoubleConv"},
    train=True,
    buffers=True,
)


UP = module_exercise(
    "up",
    "07_unet",
    "Up",
    "Up",
    "unet:Up",
    (
        Config(args=(16, 8), inputs=(((2, 16, 4, 5), (2, 8, 11, 13)), ((1, 16, 3, 3), (1, 8, 6, 6)))),
        Config(args=(16, 8), kwargs={"bilinear": True}, inputs=(((2, 8, 4, 5), (2, 8, 9, 13)),)),
        Config(args=(16, 4), inputs=(((2, 16, 3, 4), (2, 8, 7, 8)),)),
        Config(args=(16, 4), kwargs={"bilinear": True}, inputs=(((2, 8, 3, 4), (2, 8, 6, 9)),)),
    ),
    names=("Up",),
    namespace={"Up": "unet:Up", "DoubleConv": "unet:DoubleConv"},
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
    "unet:OutConv",
    (Config(args=(8, 3), inputs=(((2, 8, 5, 6),), ((1, 8, 3, 3),))),),
    hints=("conv.weight",),
)


UNET = module_exercise(
    "unet",
    "07_unet",
    "UNet",
    "UNet",
    "unet:UNet",
    (
        # Odd sizes that are not multiples of 16: every level of the decoder has to pad.
        Config(args=(3, 2), inputs=(((1, 3, 19, 21),), ((2, 3, 17, 18),))),
        Config(args=(1, 4), kwargs={"bilinear": True}, inputs=(((2, 1, 21, 19),), ((1, 1, 16, 16),))),
    ),
    names=("UNet",),
    namespace={"UNet": "unet:UNet", **_UNET_PARTS},
    train=True,
    buffers=True,
    hints=("down4.maxpool_conv.1.double_conv.0.weight", "outc.conv.weight"),
    mistakes=UP_MISTAKES,
    mistake_part="Up",
)

EXERCISES = (DOUBLE_CONV, DOWN, UP, OUT_CONV, UNET)
