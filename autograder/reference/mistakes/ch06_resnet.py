"""Known mistakes in BasicBlock and ResNet-18 (assignment 06_resnet)."""

from torch import nn

from autograder.reference.resnet import BasicBlock, ResNet18


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


MISTAKES = {
    "basic_block": {
        "basic_block.relu_before_add": {"BasicBlock": NoFinalRelu},
        "basic_block.no_shortcut": {"BasicBlock": NoShortcut},
        "basic_block.shortcut_before_bn": {"BasicBlock": ShortcutBeforeBn},
    },
    "resnet18": {
        "resnet18.maxpool": {"ResNet18": resnet_with_maxpool},
    },
}
