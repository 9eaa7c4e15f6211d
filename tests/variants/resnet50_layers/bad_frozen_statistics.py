"""Bad: a Bottleneck whose BatchNorms keep no running statistics -> buffers: names_missing"""

from torch import nn


class Bottleneck(nn.Module):
    expansion = 4

    def __init__(self, in_channels, planes, stride=1):
        super().__init__()
        out_channels = planes * 4
        self.conv1 = nn.Conv2d(in_channels, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes, track_running_stats=False)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes, track_running_stats=False)
        self.conv3 = nn.Conv2d(planes, out_channels, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out_channels, track_running_stats=False)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels, track_running_stats=False),
            )

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        return self.relu(self.bn3(self.conv3(out)) + identity)


class ResNetStages(nn.Module):
    def __init__(self, layers=(3, 4, 6, 3), bottleneck=True):
        super().__init__()
        block = Bottleneck if bottleneck else BasicBlock  # noqa: F821 (BasicBlock is defined in an earlier cell)
        in_channels = 64
        for i, (planes, blocks) in enumerate(zip((64, 128, 256, 512), layers, strict=True), 1):
            stage = []
            for b in range(blocks):
                stage.append(block(in_channels, planes, 2 if b == 0 and i > 1 else 1))
                in_channels = planes * block.expansion
            setattr(self, f"layer{i}", nn.Sequential(*stage))

    def forward(self, x):
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))
