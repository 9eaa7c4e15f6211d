"""Good: torchvision's _make_layer, a running in_channels, the stages as nn.Sequential."""

from torch import nn


class ResNet50Layers(nn.Module):
    def __init__(self):
        super().__init__()
        self.in_channels = 64
        self.layer1 = self._make_layer(64, 3)
        self.layer2 = self._make_layer(128, 4, stride=2)
        self.layer3 = self._make_layer(256, 6, stride=2)
        self.layer4 = self._make_layer(512, 3, stride=2)

    def _make_layer(self, planes, blocks, stride=1):
        layers = [Bottleneck(self.in_channels, planes, stride)]  # noqa: F821 (defined in an earlier cell)
        self.in_channels = planes * Bottleneck.expansion  # noqa: F821
        for _ in range(1, blocks):
            layers.append(Bottleneck(self.in_channels, planes))  # noqa: F821
        return nn.Sequential(*layers)

    def forward(self, x):
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))
