"""Assignment 07_unet: DoubleConv, Down, Up, OutConv and the full UNet."""

from autograder.exercises.module_exercise import Config, module_exercise
from autograder.exercises.spec import Chapter

CHAPTER = Chapter.of(__name__)

# Known mistakes in Up: reported in `up`, and in `unet` as a mistake in its Up part.
UP_MISTAKES = (
    "up.cat_order",
    "up.no_pad",
    "up.pad_left",
    "up.pad_halves",
    "up.pad_swapped",
    "up.align_corners_false",
)

DOUBLE_CONV = module_exercise(
    chapter=CHAPTER,
    id="double_conv",
    factory="DoubleConv",
    configs=(
        Config(args=(3, 8), inputs=(((2, 3, 10, 11),), ((1, 3, 7, 6),))),
        Config(args=(4, 8, 6), inputs=(((2, 4, 9, 9),),)),
    ),
    train=True,
    buffers=True,
    hints=("double_conv.0.weight", "double_conv.3.weight"),
)

DOWN = module_exercise(
    chapter=CHAPTER,
    id="down",
    factory="Down",
    configs=(Config(args=(4, 8), inputs=(((2, 4, 11, 12),), ((1, 4, 8, 9),))),),
    parts=("DoubleConv",),
    train=True,
    buffers=True,
)


UP = module_exercise(
    chapter=CHAPTER,
    id="up",
    factory="Up",
    configs=(
        Config(args=(16, 8), inputs=(((2, 16, 4, 5), (2, 8, 11, 13)), ((1, 16, 3, 3), (1, 8, 6, 6)))),
        Config(args=(16, 8), kwargs={"bilinear": True}, inputs=(((2, 8, 4, 5), (2, 8, 9, 13)),)),
        Config(args=(16, 4), inputs=(((2, 16, 3, 4), (2, 8, 7, 8)),)),
        Config(args=(16, 4), kwargs={"bilinear": True}, inputs=(((2, 8, 3, 4), (2, 8, 6, 9)),)),
    ),
    parts=("DoubleConv",),
    train=True,
    buffers=True,
    mistakes=UP_MISTAKES,
    hints=("up.weight", "conv.double_conv.0.weight"),
)

OUT_CONV = module_exercise(
    chapter=CHAPTER,
    id="out_conv",
    factory="OutConv",
    configs=(Config(args=(8, 3), inputs=(((2, 8, 5, 6),), ((1, 8, 3, 3),))),),
    hints=("conv.weight",),
)


UNET = module_exercise(
    chapter=CHAPTER,
    id="unet",
    factory="UNet",
    configs=(
        # Odd sizes that are not multiples of 16: every level of the decoder has to pad. Batches of 4 in training
        # mode: the bottleneck is 1x1 there, and BatchNorm's batch statistics over 2 values per channel would
        # magnify rounding, so that CPUs with other kernels (ARM) would differ beyond the tolerance (measured).
        Config(args=(3, 2), inputs=(((1, 3, 19, 21),), ((4, 3, 17, 18),))),
        Config(args=(1, 4), kwargs={"bilinear": True}, inputs=(((4, 1, 21, 19),), ((1, 1, 16, 16),))),
    ),
    parts=("DoubleConv", "Down", "Up", "OutConv"),
    train=True,
    buffers=True,
    hints=("down4.maxpool_conv.1.double_conv.0.weight", "outc.conv.weight"),
    # up.no_pad is told in `up` only: in a UNet it does what up.pad_halves does (see the mistakes' file).
    mistakes=tuple(m for m in UP_MISTAKES if m != "up.no_pad"),
    mistake_part="Up",
)

EXERCISES = (DOUBLE_CONV, DOWN, UP, OUT_CONV, UNET)
