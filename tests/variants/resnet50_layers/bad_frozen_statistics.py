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


class ResNet50Layers(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = nn.Sequential(Bottleneck(64, 64), Bottleneck(256, 64), Bottleneck(256, 64))
        self.layer2 = nn.Sequential(Bottleneck(256, 128, 2), *[Bottleneck(512, 128) for _ in range(3)])
        self.layer3 = nn.Sequential(Bottleneck(512, 256, 2), *[Bottleneck(1024, 256) for _ in range(5)])
        self.layer4 = nn.Sequential(Bottleneck(1024, 512, 2), Bottleneck(2048, 512), Bottleneck(2048, 512))

    def forward(self, x):
        return self.layer4(self.layer3(self.layer2(self.layer1(x))))
