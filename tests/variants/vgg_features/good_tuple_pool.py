"""Good: MaxPool2d((2, 2)) with a tuple kernel"""

from functools import reduce

from torch import nn


def make_vgg_layers(cfg, in_channels=3, batch_norm=False):
    pools = {"M": False, "C": True}
    layers = []
    for v in cfg:
        if v in pools:
            layers.append(nn.MaxPool2d((2, 2), ceil_mode=pools[v]))
            continue
        block = [nn.Conv2d(in_channels, v, kernel_size=3, padding=1)]
        if batch_norm:
            block.append(nn.BatchNorm2d(v))
        block.append(nn.ReLU(inplace=True))
        layers.extend(block)
        in_channels = v
    return layers


class VGGFeatures(nn.Module):
    def __init__(self, cfg, in_channels=3, batch_norm=False):
        super().__init__()
        self.vgg = nn.ModuleList(make_vgg_layers(cfg, in_channels=in_channels, batch_norm=batch_norm))

    def forward(self, x):
        return reduce(lambda out, layer: layer(out), self.vgg, x)
