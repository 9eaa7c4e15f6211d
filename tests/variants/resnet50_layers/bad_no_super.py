"""Bad: super().__init__() missing -> constructs: super_init_missing"""

from torch import nn


def stage(in_channels, planes, blocks, stride):
    first = Bottleneck(in_channels, planes, stride)  # noqa: F821 (defined in an earlier cell)
    return nn.Sequential(first, *[Bottleneck(planes * 4, planes) for _ in range(blocks - 1)])  # noqa: F821


class ResNet50Layers(nn.Module):
    def __init__(self):
        self.layer1 = stage(64, 64, 3, 1)
        self.layer2 = stage(256, 128, 4, 2)
        self.layer3 = stage(512, 256, 6, 2)
        self.layer4 = stage(1024, 512, 3, 2)

    def forward(self, x):
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))
