"""Good: a match statement, ReLU without inplace, positional MaxPool2d arguments, append to a ModuleList."""

from torch import nn


def make_vgg_layers(cfg, in_channels=3, batch_norm=False):
    layers = []
    for v in cfg:
        match v:
            case "M":
                layers.append(nn.MaxPool2d(2, 2))
            case "C":
                layers.append(nn.MaxPool2d(2, 2, ceil_mode=True))
            case int():
                layers.append(nn.Conv2d(in_channels, v, 3, padding=1))
                if batch_norm:
                    layers.append(nn.BatchNorm2d(v))
                layers.append(nn.ReLU())
                in_channels = v
    return layers


class VGGFeatures(nn.Module):
    def __init__(self, cfg, in_channels=3, batch_norm=False):
        super().__init__()
        self.vgg = nn.ModuleList()
        for layer in make_vgg_layers(cfg, in_channels, batch_norm):
            self.vgg.append(layer)

    def forward(self, x):
        for layer in self.vgg:
            x = layer(x)
        return x
