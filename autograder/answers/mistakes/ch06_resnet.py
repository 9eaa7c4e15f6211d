"""Known mistakes in BasicBlock, ResNet-18 and Bottleneck (assignment 06_resnet)."""

from torch import nn

from autograder.answers.resnet import BasicBlock, Bottleneck, ResNet18


class NoFinalRelu(BasicBlock):
    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))))) + identity


class NoShortcut(BasicBlock):
    def forward(self, x):
        return self.relu(self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x))))))


class ShortcutBeforeBn(BasicBlock):
    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        return self.relu(self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x)))) + identity))


def resnet_with_maxpool(num_classes=10):
    model = ResNet18(num_classes)
    model.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
    return model


class StrideOnConv1(Bottleneck):
    """ResNet v1 (the paper, Caffe): the stride on the 1x1 conv1; torchvision's v1.5 puts it on the 3x3 conv2."""

    def __init__(self, in_channels, planes, stride=1):
        super().__init__(in_channels, planes, stride)
        self.conv1.stride = (stride, stride)
        self.conv2.stride = (1, 1)


class BottleneckReluBeforeAdd(Bottleneck):
    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn2(self.conv2(self.relu(self.bn1(self.conv1(x))))))
        return self.relu(self.bn3(self.conv3(out))) + identity


MISTAKES = {
    "basic_block": {
        "basic_block.relu_before_add": {"BasicBlock": NoFinalRelu},
        "basic_block.no_shortcut": {"BasicBlock": NoShortcut},
        "basic_block.shortcut_before_bn": {"BasicBlock": ShortcutBeforeBn},
    },
    "resnet18": {
        "resnet18.maxpool": {"ResNet18": resnet_with_maxpool},
    },
    "bottleneck": {
        "bottleneck.stride_on_conv1": {"Bottleneck": StrideOnConv1},
        "bottleneck.relu_before_add": {"Bottleneck": BottleneckReluBeforeAdd},
    },
}
