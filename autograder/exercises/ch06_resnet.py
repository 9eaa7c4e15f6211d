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
        (
            "the ReLU comes before the addition; ResNet adds the shortcut first, then applies ReLU.",
            _NoFinalRelu,
        ),
        ("the shortcut is missing: add the input (or downsample(input)) to the output of bn2.", _NoShortcut),
        ("the shortcut is added before bn2; add it to bn2's output.", _ShortcutBeforeBn),
    ),
    hints={
        "downsample.0.weight": "downsample is Sequential(Conv2d(in, out, 1, stride=stride, bias=False), "
        "BatchNorm2d(out)): a 1x1 convolution that matches both channels and stride.",
    },
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
    mistakes=(
        (
            "maxpool is a MaxPool2d; for 32x32 images the stem does not pool: maxpool = nn.Identity().",
            _resnet_with_maxpool,
        ),
    ),
    hints={
        "conv1.weight": "For 32x32 images the stem is a 3x3 convolution with stride 1 and padding 1, no bias "
        "(ImageNet's 7x7 stride-2 stem would shrink the image too early).",
        "fc.weight": "fc maps the 512 pooled features to num_classes: nn.Linear(512, num_classes).",
    },
)

EXERCISES = (BASIC_BLOCK, RESNET18)
