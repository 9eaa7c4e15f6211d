"""Bad: the blocks of each stage kept in a Python list -> parameter_names: modules_in_python_container(attribute=layer1)"""

import torch
from torch import nn


class ResNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.Identity()
        self.layer1 = [BasicBlock(64, 64), BasicBlock(64, 64)]
        self.layer2 = [BasicBlock(64, 128, stride=2), BasicBlock(128, 128)]
        self.layer3 = [BasicBlock(128, 256, stride=2), BasicBlock(256, 256)]
        self.layer4 = [BasicBlock(256, 512, stride=2), BasicBlock(512, 512)]
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, num_classes)

    def forward(self, x):
        x = self.maxpool(self.relu(self.bn1(self.conv1(x))))
        for stage in (self.layer1, self.layer2, self.layer3, self.layer4):
            for block in stage:
                x = block(x)
        x = torch.flatten(self.avgpool(x), 1)
        return self.fc(x)


def ResNet18(num_classes=10):
    return ResNet(num_classes)
