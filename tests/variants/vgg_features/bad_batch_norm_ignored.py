"""Bad: the batch_norm argument is ignored -> make_vgg_layers: vgg_batch_norm"""

from torch import nn


def make_vgg_layers(cfg, in_channels=3, batch_norm=False):
    layers = []
    for v in cfg:
        if v == "M":
            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
        elif v == "C":
            layers += [nn.MaxPool2d(kernel_size=2, stride=2, ceil_mode=True)]
        else:
            conv2d = nn.Conv2d(in_channels, v, kernel_size=3, padding=1)
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
