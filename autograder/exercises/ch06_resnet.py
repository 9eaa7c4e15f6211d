"""Assignment 06_resnet: BasicBlock and ResNet-18."""

from autograder.exercises.module_exercise import Config, module_exercise

BASIC_BLOCK = module_exercise(
    "basic_block",
    "06_resnet",
    "BasicBlock",
    "BasicBlock",
    "resnet:BasicBlock",
    (
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
    "resnet18",
    "06_resnet",
    "ResNet-18",
    "ResNet18",
    "resnet:ResNet18",
    (
        Config(inputs=(((2, 3, 32, 32),), ((1, 3, 32, 32),))),
        Config(kwargs={"num_classes": 7}, inputs=(((2, 3, 32, 32),),)),
    ),
    names=("ResNet18",),
    train=True,
    buffers=True,
    mistakes=("maxpool",),
    hints=("conv1.weight", "fc.weight"),
)

EXERCISES = (BASIC_BLOCK, RESNET18)
