"""Good: a stage() helper beside the class, the block chosen once, its expansion read from the class."""

from torch import nn


def stage(block, in_channels, planes, blocks, stride):
    first = block(in_channels, planes, stride)
    return nn.Sequential(first, *[block(planes * block.expansion, planes) for _ in range(blocks - 1)])


class ResNetStages(nn.Module):
    def __init__(self, layers=(3, 4, 6, 3), bottleneck=True):
        super().__init__()
        block = Bottleneck if bottleneck else BasicBlock  # noqa: F821 (defined in earlier cells)
        e = block.expansion
        self.layer1 = stage(block, 64, 64, layers[0], 1)
        self.layer2 = stage(block, 64 * e, 128, layers[1], 2)
        self.layer3 = stage(block, 128 * e, 256, layers[2], 2)
        self.layer4 = stage(block, 256 * e, 512, layers[3], 2)

    def forward(self, x):
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))
