# source: d2l-ai/d2l-en@901c18149b861baf89f572d84f7713ae8bea75bb:chapter_convolutional-modern/resnet.md (https://github.com/d2l-ai/d2l-en/blob/901c18149b861baf89f572d84f7713ae8bea75bb/chapter_convolutional-modern/resnet.md)
# adapted: d2l's Residual as above, with bias=False on every convolution
# expect: fail shortcut_named name=conv3

import torch
from torch import nn
from torch.nn import functional as F


class BasicBlock(nn.Module):  #@save
    """The Residual block of ResNet models."""
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        use_1x1conv = stride != 1 or in_channels != out_channels
        self.conv1 = nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1, stride=stride, bias=False)
        self.conv2 = nn.Conv2d(out_channels, out_channels, kernel_size=3, padding=1, bias=False)
        if use_1x1conv:
            self.conv3 = nn.Conv2d(in_channels, out_channels, kernel_size=1, stride=stride, bias=False)
        else:
            self.conv3 = None
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.bn2 = nn.BatchNorm2d(out_channels)

    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.conv3:
            X = self.conv3(X)
        Y += X
        return F.relu(Y)
