"""Good: the four stages built in a loop over (planes, blocks, stride) with setattr."""

from torch import nn


class ResNet50Layers(nn.Module):
    def __init__(self):
        super().__init__()
        in_channels = 64
        for i, (planes, blocks, stride) in enumerate([(64, 3, 1), (128, 4, 2), (256, 6, 2), (512, 3, 2)], 1):
            stage = []
            for b in range(blocks):
                stage.append(Bottleneck(in_channels, planes, stride if b == 0 else 1))  # noqa: F821
                in_channels = planes * 4
            setattr(self, f"layer{i}", nn.Sequential(*stage))

    def forward(self, x):
        for i in range(1, 5):
            x = getattr(self, f"layer{i}")(x)
        return x
