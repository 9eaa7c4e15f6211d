"""Chapter 6: residual networks. Exercises `basic_block`, `resnet18`, `bottleneck` and `resnet50_layers`
(ResNetStages)."""

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

    expansion = 1  # its output has out_channels * expansion channels, as Bottleneck's has planes * 4

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


class ResNetStages(nn.Module):
    """ResNet's four stages, `layer1` ... `layer4`, with torchvision's names, for either kind of block: BasicBlocks
    as in ResNet-18 and ResNet-34, Bottlenecks as in ResNet-50, -101 and -152. Without the stem and the classifier.

    Args:
        layers: the number of blocks in each of the four stages: (3, 4, 6, 3) for ResNet-34 and for ResNet-50.
        bottleneck: Bottleneck blocks if True, BasicBlocks if False. Default: True

    Shape:
        - Input: (N, 64, H, W), what ResNet's stem gives
        - Output: (N, 512 * expansion, H / 8, W / 8), expansion being the block's (each of the three stride-2
          stages rounds up)

    Attributes:
        layer1 ... layer4: nn.Sequential of layers[0] ... layers[3] blocks working with 64, 128, 256 and 512
            planes; the first block of layer2, layer3 and layer4 has stride 2, and every block takes what the
            block before it gives out. The state_dict keys are torchvision's `layer*` keys: ResNetStages((3, 4, 6,
            3)) has resnet50's, ResNetStages((3, 4, 6, 3), bottleneck=False) resnet34's.
    """

    def __init__(self, layers: tuple[int, int, int, int] = (3, 4, 6, 3), bottleneck: bool = True):
        super().__init__()
        ### BEGIN SOLUTION
        block = Bottleneck if bottleneck else BasicBlock
        in_channels = 64
        for k, (planes, blocks) in enumerate(zip((64, 128, 256, 512), layers, strict=True), start=1):
            stage = [block(in_channels, planes, 1 if k == 1 else 2)]
            in_channels = planes * block.expansion  # what each block of the stage gives out
            stage += [block(in_channels, planes) for _ in range(1, blocks)]
            setattr(self, f"layer{k}", nn.Sequential(*stage))
        ### END SOLUTION

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        x = self.layer1(x)  # (N, 64e, H, W), e = the block's expansion
        x = self.layer2(x)  # (N, 128e, H/2, W/2)
        x = self.layer3(x)  # (N, 256e, H/4, W/4)
        return self.layer4(x)  # (N, 512e, H/8, W/8)
        ### END SOLUTION
