"""Assignment 06_resnet: BasicBlock and ResNet-18; Bottleneck and ResNet's four stages for either block."""

from autograder.exercises.module_exercise import Config, module_exercise
from autograder.exercises.spec import Chapter

CHAPTER = Chapter.of(__name__)

BASIC_BLOCK = module_exercise(
    chapter=CHAPTER,
    id="basic_block",
    factory="BasicBlock",
    configs=(
        Config(args=(16, 16), inputs=(((2, 16, 8, 8),), ((1, 16, 8, 8),))),
        Config(args=(8, 16, 2), inputs=(((2, 8, 9, 9),), ((1, 8, 8, 8),))),
        Config(args=(8, 8, 2), inputs=(((3, 8, 7, 7),),)),
        Config(args=(8, 16), inputs=(((2, 8, 6, 6),),)),
    ),
    train=True,
    buffers=True,
    mistakes=("relu_before_add", "no_shortcut", "shortcut_before_bn"),
    hints=("downsample.0.weight",),
)

RESNET18 = module_exercise(
    chapter=CHAPTER,
    id="resnet18",
    title="ResNet-18",
    factory="ResNet18",
    configs=(
        Config(inputs=(((2, 3, 32, 32),), ((1, 3, 32, 32),))),
        Config(kwargs={"num_classes": 7}, inputs=(((2, 3, 32, 32),),)),
    ),
    train=True,
    buffers=True,
    mistakes=("maxpool",),
    hints=("conv1.weight", "fc.weight"),
)

BOTTLENECK = module_exercise(
    chapter=CHAPTER,
    id="bottleneck",
    factory="Bottleneck",
    configs=(
        # Channels change (layer1.0 of ResNet-50, scaled down): a downsample without stride.
        Config(args=(8, 4), inputs=(((2, 8, 8, 8),), ((1, 8, 8, 8),))),
        # in_channels == 4 * planes, stride 1: the shortcut is the input itself.
        Config(args=(16, 4), inputs=(((2, 16, 6, 6),),)),
        # Stride 2 and a channel change (the first block of layer2..layer4); odd sizes round up.
        Config(args=(16, 8, 2), inputs=(((2, 16, 9, 9),), ((1, 16, 8, 8),))),
        # Stride 2 with in_channels == 4 * planes: a downsample all the same.
        Config(args=(16, 4, 2), inputs=(((3, 16, 7, 7),),)),
    ),
    train=True,
    buffers=True,
    mistakes=("stride_on_conv1", "relu_before_add"),
    hints=("conv3.weight", "downsample.0.weight"),
)

RESNET50_LAYERS = module_exercise(
    chapter=CHAPTER,
    id="resnet50_layers",
    title="ResNet's stages",
    factory="ResNetStages",
    # Both kinds of block, stages of other lengths than any ResNet's (so that a hard-coded (3, 4, 6, 3) or a
    # hard-coded expansion shows), and small spatial inputs (8x8 -> 1x1 after three stride-2 stages).
    configs=(
        Config(
            args=((2, 1, 2, 1),), kwargs={"bottleneck": True}, inputs=(((2, 64, 8, 8),), ((1, 64, 9, 7),))
        ),
        Config(args=((1, 2, 1, 2),), kwargs={"bottleneck": False}, inputs=(((2, 64, 8, 8),),)),
    ),
    parts=("BasicBlock", "Bottleneck"),
    # No train-mode check: `bottleneck` checks BatchNorm's batch statistics already, and a dozen blocks of them
    # on a few values per channel turn rounding (another machine's, the student kit's) into visible differences.
    buffers=True,
    hints=("layer2.0.conv1.weight",),
)

EXERCISES = (BASIC_BLOCK, RESNET18, BOTTLENECK, RESNET50_LAYERS)
