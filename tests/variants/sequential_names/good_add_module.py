"""Good: layer2 filled with add_module, layer2 registered first, keyword arguments, torch.add."""

import torch
from torch import nn


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer2 = nn.Sequential()
        self.layer2.add_module("convolution_layer_1", nn.Conv2d(1, 20, kernel_size=5))
        self.layer2.add_module("activation_1", nn.ReLU(inplace=True))
        self.layer2.add_module("convolution_layer_2", nn.Conv2d(20, 64, kernel_size=5))
        self.layer2.add_module("activation_2", nn.ReLU(inplace=True))
        self.layer1 = nn.Sequential(
            nn.Conv2d(in_channels=1, out_channels=20, kernel_size=5),
            nn.ReLU(inplace=True),
            nn.Conv2d(in_channels=20, out_channels=64, kernel_size=5),
            nn.ReLU(inplace=True),
        )

    def forward(self, x):
        return torch.add(self.layer1(x), self.layer2(x))
