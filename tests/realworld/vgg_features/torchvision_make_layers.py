# source: pytorch/vision@1c1feb57a2522dfccdac4a7984897818ee84cbd9:torchvision/models/vgg.py (https://github.com/pytorch/vision/blob/1c1feb57a2522dfccdac4a7984897818ee84cbd9/torchvision/models/vgg.py)
# adapted: torchvision's make_layers(cfg, batch_norm) with in_channels as an argument, 'C' added, the list returned and wrapped in nn.ModuleList
# expect: pass

import torch.nn as nn


def make_vgg_layers(cfg, in_channels=3, batch_norm=False):
    layers = []
    for x in cfg:
        if x == 'M':
            layers += [nn.MaxPool2d(kernel_size=2, stride=2)]
        elif x == 'C':
            layers += [nn.MaxPool2d(kernel_size=2, stride=2, ceil_mode=True)]
        else:
            conv2d = nn.Conv2d(in_channels, x, kernel_size=3, padding=1)
            if batch_norm:
                layers += [conv2d, nn.BatchNorm2d(x), nn.ReLU(inplace=True)]
            else:
                layers += [conv2d, nn.ReLU(inplace=True)]
            in_channels = x
    return layers


class VGGFeatures(nn.Module):
    def __init__(self, cfg, in_channels=3, batch_norm=False):
        super(VGGFeatures, self).__init__()
        self.vgg = nn.ModuleList(make_vgg_layers(cfg, in_channels, batch_norm))

    def forward(self, x):
        for layer in self.vgg:
            x = layer(x)
        return x
