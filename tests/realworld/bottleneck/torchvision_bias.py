# source: pytorch/vision@f50e776b051ddf007b90d7bc8f70b0708c12d008:torchvision/models/resnet.py (https://github.com/pytorch/vision/blob/f50e776b051ddf007b90d7bc8f70b0708c12d008/torchvision/models/resnet.py)
# adapted: torchvision's Bottleneck with nn.Conv2d's default bias (the conv1x1/conv3x3 helpers replaced by plain calls)
# expect: fail bias_unexpected parameter=conv1.bias

from torch import nn


class Bottleneck(nn.Module):
    # Bottleneck in torchvision places the stride for downsampling at 3x3 convolution(self.conv2)
    expansion = 4

    def __init__(self, in_channels, planes, stride=1):
        super().__init__()
        width = planes
        self.conv1 = nn.Conv2d(in_channels, width, kernel_size=1)
        self.bn1 = nn.BatchNorm2d(width)
        self.conv2 = nn.Conv2d(width, width, kernel_size=3, stride=stride, padding=1)
        self.bn2 = nn.BatchNorm2d(width)
        self.conv3 = nn.Conv2d(width, planes * self.expansion, kernel_size=1)
        self.bn3 = nn.BatchNorm2d(planes * self.expansion)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or in_channels != planes * self.expansion:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, planes * self.expansion, kernel_size=1, stride=stride, bias=False),
                nn.BatchNorm2d(planes * self.expansion),
            )
        self.stride = stride

    def forward(self, x):
        identity = x

        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)

        out = self.conv2(out)
        out = self.bn2(out)
        out = self.relu(out)

        out = self.conv3(out)
        out = self.bn3(out)

        if self.downsample is not None:
            identity = self.downsample(x)

        out += identity
        out = self.relu(out)

        return out
