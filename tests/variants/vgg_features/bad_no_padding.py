"""Bad: convolutions without padding=1 -> make_vgg_layers: vgg_padding"""

from torch import nn


def make_vgg_layers(cfg, in_channels=3, batch_norm=False):
    layers = []
    for v in cfg:
        if v == "M":
            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
        elif v == "C":
            layers += [nn.MaxPool2d(kernel_size=2, stride=2, ceil_mode=True)]
        else:
            conv2d = nn.Conv2d(in_channels, v, kernel_size=3)
            if batch_norm:
                layers += [conv2d, nn.BatchNorm2d(v), nn.ReLU(inplace=True)]
            else:
                layers += [conv2d, nn.ReLU(inplace=True)]
            in_channels = v
    return layers


class VGGFeatures(nn.Module):
    def __init__(self, cfg, in_channels=3, batch_norm=False):
        super().__init__()
        self.vgg = nn.ModuleList(make_vgg_layers(cfg, in_channels, batch_norm))

    def forward(self, x):
        for k in range(len(self.vgg)):
            x = self.vgg[k](x)
        return x
