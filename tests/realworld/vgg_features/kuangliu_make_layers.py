# source: kuangliu/pytorch-cifar@49b7aa97b0c12fe0d4054e670403a16b6b834ddd:models/vgg.py (https://github.com/kuangliu/pytorch-cifar/blob/49b7aa97b0c12fe0d4054e670403a16b6b834ddd/models/vgg.py)
# adapted: kuangliu's _make_layers as the function (always BatchNorm, an AvgPool at the end, nn.Sequential), in_channels from the argument
# expect: fail submodule_type attribute=vgg

import torch.nn as nn


def make_vgg_layers(cfg, in_channels=3, batch_norm=False):
    layers = []
    for x in cfg:
        if x == 'M':
            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
        elif x == 'C':
            layers += [nn.MaxPool2d(kernel_size=2, stride=2, ceil_mode=True)]
        else:
            layers += [nn.Conv2d(in_channels, x, kernel_size=3, padding=1),
                       nn.BatchNorm2d(x),
                       nn.ReLU(inplace=True)]
            in_channels = x
    layers += [nn.AvgPool2d(kernel_size=1, stride=1)]
    return nn.Sequential(*layers)


class VGGFeatures(nn.Module):
    def __init__(self, cfg, in_channels=3, batch_norm=False):
        super(VGGFeatures, self).__init__()
        self.vgg = make_vgg_layers(cfg, in_channels, batch_norm)

    def forward(self, x):
        return self.vgg(x)
