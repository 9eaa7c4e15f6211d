"""Chapter 6: residual networks. Exercises `basic_block`, `resnet18`, `bottleneck` and `resnet50_layers`."""

import torch
from torch import nn


class BasicBlock(nn.Module):
    """The two-convolution residual block of ResNet-18 and ResNet-34, with torchvision's names.

    Args:
        in_channels: channels of the input.
        out_channels: channels of the output.
        stride: stride of the first convolution (and of the shortcut). Default: 1.

    Shape:
        - Input: (N, in_channels, H, W)
        - Output: (N, out_channels, ceil(H / stride), ceil(W / stride))

    Attributes:
        conv1.weight: (out_channels, in_channels, 3, 3), no bias
        bn1.weight, bn1.bias, bn1.running_mean, bn1.running_var: (out_channels,)
        conv2.weight: (out_channels, out_channels, 3, 3), no bias
        bn2.*: (out_channels,)
        downsample: Sequential(1x1 conv with `stride`, BatchNorm2d) when stride != 1 or
            in_channels != out_channels, else None. downsample.0.weight: (out_channels, in_channels, 1, 1)
    """

    def __init__(self, in_channels: int, out_channels: int, stride: int = 1):
        super().__init__()
        ### BEGIN SOLUTION
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(out_channels)
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        identity = x if self.downsample is None else self.downsample(x)  # (N, out, H/s, W/s)
        out = self.relu(self.bn1(self.conv1(x)))  # (N, out, H/s, W/s)
        out = self.bn2(self.conv2(out))  # (N, out, H/s, W/s)
        return self.relu(out + identity)
        ### END SOLUTION


class ResNet(nn.Module):
    """ResNet-18's layout for 32x32 images: a 3x3 stem, no early pooling, four stages of two BasicBlocks.

    Args:
        num_classes: number of output logits.

    Shape:
        - Input: (N, 3, 32, 32)
        - Output: (N, num_classes)
    """

    def __init__(self, num_classes: int):
        super().__init__()
        ### BEGIN SOLUTION
        self.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        # 32x32 images are too small to pool early: the stem keeps the name but does nothing.
        self.maxpool = nn.Identity()
        self.layer1 = nn.Sequential(BasicBlock(64, 64), BasicBlock(64, 64))
        self.layer2 = nn.Sequential(BasicBlock(64, 128, stride=2), BasicBlock(128, 128))
        self.layer3 = nn.Sequential(BasicBlock(128, 256, stride=2), BasicBlock(256, 256))
        self.layer4 = nn.Sequential(BasicBlock(256, 512, stride=2), BasicBlock(512, 512))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, num_classes)
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))  # (N, 64, 32, 32)
        x = self.layer1(x)  # (N, 64, 32, 32)
        x = self.layer2(x)  # (N, 128, 16, 16)
        x = self.layer3(x)  # (N, 256, 8, 8)
        x = self.layer4(x)  # (N, 512, 4, 4)
        x = torch.flatten(self.avgpool(x), 1)  # (N, 512)
        return self.fc(x)  # (N, num_classes)
        ### END SOLUTION


def ResNet18(num_classes: int = 10) -> nn.Module:  # noqa: N802 (named like torchvision's constructor)
    """ResNet-18 for 32x32 images (CIFAR): a 3x3 stem and no early max-pool.

    Args:
        num_classes: number of output logits. Default: 10.

    Shape:
        - Input: (N, 3, 32, 32)
        - Output: (N, num_classes)

    Attributes:
        state_dict keys are those of torchvision's resnet18: conv1.weight (64, 3, 3, 3), bn1.*,
        layer1.0.conv1.weight, ..., layer4.1.bn2.num_batches_tracked, fc.weight (num_classes, 512), fc.bias.
    """
    ### BEGIN SOLUTION
    return ResNet(num_classes)
    ### END SOLUTION


class Bottleneck(nn.Module):
    """The three-convolution residual block of ResNet-50, -101 and -152, with torchvision's names.

    A 1x1 convolution narrows the input to `planes` channels, a 3x3 convolution works at that width, and a 1x1
    convolution widens it to `planes * expansion` (4). The stride sits on the 3x3 conv2, as in torchvision
    ("ResNet v1.5"); the original paper and Caffe put it on the 1x1 conv1 ("v1"), which skips 3 of every 4
    pixels before any 3x3 filter sees them.

    Args:
        in_channels: channels of the input.
        planes: channels inside the block; the output has planes * 4.
        stride: stride of conv2 (and of the shortcut). Default: 1.

    Shape:
        - Input: (N, in_channels, H, W)
        - Output: (N, 4 * planes, ceil(H / stride), ceil(W / stride))

    Attributes:
        conv1.weight: (planes, in_channels, 1, 1), no bias
        bn1.weight, bn1.bias, bn1.running_mean, bn1.running_var: (planes,)
        conv2.weight: (planes, planes, 3, 3), stride `stride`, padding 1, no bias
        bn2.*: (planes,)
        conv3.weight: (4 * planes, planes, 1, 1), no bias
        bn3.*: (4 * planes,)
        downsample: Sequential(1x1 conv with `stride`, BatchNorm2d) when stride != 1 or
            in_channels != 4 * planes, else None. downsample.0.weight: (4 * planes, in_channels, 1, 1)
    """

    expansion = 4

    def __init__(self, in_channels: int, planes: int, stride: int = 1):
        super().__init__()
        ### BEGIN SOLUTION
        out_channels = planes * self.expansion
        self.conv1 = nn.Conv2d(in_channels, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, stride=stride, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.conv3 = nn.Conv2d(planes, out_channels, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(out_channels)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = None
        if stride != 1 or in_channels != out_channels:
            self.downsample = nn.Sequential(
                nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False),
                nn.BatchNorm2d(out_channels),
            )
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        identity = x if self.downsample is None else self.downsample(x)  # (N, 4p, H/s, W/s)
        out = self.relu(self.bn1(self.conv1(x)))  # (N, p, H, W)
        out = self.relu(self.bn2(self.conv2(out)))  # (N, p, H/s, W/s)
        out = self.bn3(self.conv3(out))  # (N, 4p, H/s, W/s)
        return self.relu(out + identity)
        ### END SOLUTION


class ResNet50Layers(nn.Module):
    """ResNet-50's four stages, `layer1` ... `layer4`, of 3, 4, 6 and 3 Bottlenecks (torchvision's names),
    without the stem and the classifier.

    Shape:
        - Input: (N, 64, H, W), what ResNet-50's stem gives
        - Output: (N, 2048, H / 8, W / 8) (each of the three stride-2 stages rounds up)

    Attributes:
        layer1: Bottleneck(64, 64), then 2 x Bottleneck(256, 64); output 256 channels
        layer2: Bottleneck(256, 128, stride=2), then 3 x Bottleneck(512, 128); 512 channels
        layer3: Bottleneck(512, 256, stride=2), then 5 x Bottleneck(1024, 256); 1024 channels
        layer4: Bottleneck(1024, 512, stride=2), then 2 x Bottleneck(2048, 512); 2048 channels
        state_dict keys are torchvision resnet50's `layer*` keys: layer1.0.conv1.weight (64, 64, 1, 1), ...,
        layer1.0.downsample.0.weight (256, 64, 1, 1), ..., layer4.2.bn3.num_batches_tracked.
    """

    def __init__(self):
        super().__init__()
        ### BEGIN SOLUTION
        self.layer1 = nn.Sequential(Bottleneck(64, 64), *[Bottleneck(256, 64) for _ in range(2)])
        self.layer2 = nn.Sequential(Bottleneck(256, 128, stride=2), *[Bottleneck(512, 128) for _ in range(3)])
        self.layer3 = nn.Sequential(
            Bottleneck(512, 256, stride=2), *[Bottleneck(1024, 256) for _ in range(5)]
        )
        self.layer4 = nn.Sequential(
            Bottleneck(1024, 512, stride=2), *[Bottleneck(2048, 512) for _ in range(2)]
        )
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        x = self.layer1(x)  # (N, 256, H, W)
        x = self.layer2(x)  # (N, 512, H/2, W/2)
        x = self.layer3(x)  # (N, 1024, H/4, W/4)
        return self.layer4(x)  # (N, 2048, H/8, W/8)
        ### END SOLUTION
