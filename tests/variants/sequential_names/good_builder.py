"""Good: one helper builds both branches' layers; *list for layer1, OrderedDict(zip(...)) for layer2."""

from collections import OrderedDict

from torch import nn

NAMES = ["convolution_layer_1", "activation_1", "convolution_layer_2", "activation_2"]


def conv_relu_conv_relu():
    return [nn.Conv2d(1, 20, 5), nn.ReLU(), nn.Conv2d(20, 64, 5), nn.ReLU()]


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = nn.Sequential(*conv_relu_conv_relu())
        self.layer2 = nn.Sequential(OrderedDict(zip(NAMES, conv_relu_conv_relu(), strict=True)))

    def forward(self, x):
        out1 = self.layer1(x)  # (N, 64, H - 8, W - 8)
        out2 = self.layer2(x)  # (N, 64, H - 8, W - 8)
        return out1 + out2
