# source: kuangliu/pytorch-cifar@49b7aa97b0c12fe0d4054e670403a16b6b834ddd:models/resnet.py (https://github.com/kuangliu/pytorch-cifar/blob/49b7aa97b0c12fe0d4054e670403a16b6b834ddd/models/resnet.py)
# adapted: kuangliu's _make_layer returning its Python list instead of nn.Sequential(*layers)
# expect: fail modules_in_python_container attribute=layer1

import torch.nn as nn


class ResNetStages(nn.Module):
    def __init__(self, layers=(3, 4, 6, 3), bottleneck=True):
        super(ResNetStages, self).__init__()
        block, num_blocks = (Bottleneck if bottleneck else BasicBlock), layers
        self.in_planes = 64

        self.layer1 = self._make_layer(block, 64, num_blocks[0], stride=1)
        self.layer2 = self._make_layer(block, 128, num_blocks[1], stride=2)
        self.layer3 = self._make_layer(block, 256, num_blocks[2], stride=2)
        self.layer4 = self._make_layer(block, 512, num_blocks[3], stride=2)

    def _make_layer(self, block, planes, num_blocks, stride):
        strides = [stride] + [1]*(num_blocks-1)
        layers = []
        for stride in strides:
            layers.append(block(self.in_planes, planes, stride))
            self.in_planes = planes * block.expansion
        return layers

    def forward(self, x):
        for layer in self.layer1 + self.layer2 + self.layer3 + self.layer4:
            x = layer(x)
        return x
