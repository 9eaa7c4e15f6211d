"""Assignment 06_resnet: BasicBlock and ResNet-18."""

from torch import nn

from autograder.exercises.module_exercise import Config, module_exercise
from autograder.reference import resnet as ref


class _NoFinalRelu(ref.BasicBlock):
    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))) + identity


class _NoShortcut(ref.BasicBlock):
    def forward(self, x):
        return self.relu(self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x))))))


class _ShortcutBeforeBn(ref.BasicBlock):
    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))) + identity))


BASIC_BLOCK = module_exercise(
    "basic_block",
    "06_resnet",
    "BasicBlock",
    "BasicBlock",
    ref.BasicBlock,
    (
        Config(args=(16, 16), inputs=(((2, 16, 8, 8),), ((1, 16, 8, 8),))),
        Config(args=(8, 16, 2), inputs=(((2, 8, 9, 9),), ((1, 8, 8, 8),))),
        Config(args=(8, 8, 2), inputs=(((3, 8, 7, 7),),)),
        Config(args=(8, 16), inputs=(((2, 8, 6, 6),),)),
    ),
    train=True,
    buffers=True,
    mistakes=(
        ("relu_before_add", _NoFinalRelu),
        ("no_shortcut", _NoShortcut),
        ("shortcut_before_bn", _ShortcutBeforeBn),
    ),
    hints=("downsample.0.weight",),
)


def _resnet_with_maxpool(num_classes=10):
    model = ref.ResNet18(num_classes)
    model.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
    return model


RESNET18 = module_exercise(
    "resnet18",
    "06_resnet",
    "ResNet-18",
    "ResNet18",
    ref.ResNet18,
    (
        Config(inputs=(((2, 3, 32, 32),), ((1, 3, 32, 32),))),
        Config(kwargs={"num_classes": 7}, inputs=(((2, 3, 32, 32),),)),
    ),
    names=("ResNet18",),
    namespace={"ResNet18": ref.ResNet18},
    train=True,
    buffers=True,
    mistakes=(("maxpool", _resnet_with_maxpool),),
    hints=("conv1.weight", "fc.weight"),
)

EXERCISES = (BASIC_BLOCK, RESNET18)
