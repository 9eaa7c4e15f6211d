"""Good: the four stages built in a loop over (planes, blocks, stride) with setattr."""

from torch import nn


class ResNetStages(nn.Module):
    def __init__(self, layers=(3, 4, 6, 3), bottleneck=True):
        super().__init__()
        block = Bottleneck if bottleneck else BasicBlock  # noqa: F821 (defined in earlier cells)
        in_channels = 64
        for i, (planes, blocks, stride) in enumerate(
            zip((64, 128, 256, 512), layers, (1, 2, 2, 2), strict=True), 1
        ):
            stage = []
            for b in range(blocks):
                stage.append(block(in_channels, planes, stride if b == 0 else 1))
                in_channels = planes * block.expansion
            setattr(self, f"layer{i}", nn.Sequential(*stage))

    def forward(self, x):
        for i in range(1, 5):
            x = getattr(self, f"layer{i}")(x)
        return x
