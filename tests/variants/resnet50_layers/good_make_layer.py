"""Good: torchvision's _make_layer(block, planes, blocks, stride), a running in_channels, the stages as nn.Sequential."""

from torch import nn


class ResNetStages(nn.Module):
    def __init__(self, layers=(3, 4, 6, 3), bottleneck=True):
        super().__init__()
        block = Bottleneck if bottleneck else BasicBlock  # noqa: F821 (defined in earlier cells)
        self.in_channels = 64
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2)
        self.layer3 = self._make_layer(block, 256, layers[2], stride=2)
        self.layer4 = self._make_layer(block, 512, layers[3], stride=2)

    def _make_layer(self, block, planes, blocks, stride=1):
        layers = [block(self.in_channels, planes, stride)]
        self.in_channels = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.in_channels, planes))
        return nn.Sequential(*layers)

    def forward(self, x):
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))
