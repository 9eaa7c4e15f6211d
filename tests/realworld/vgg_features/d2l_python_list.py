# source: d2l-ai/d2l-en@cc1415d53126a39b0004f873c614b288e314e53b:chapter_convolutional-modern/vgg.md (https://github.com/d2l-ai/d2l-en/blob/cc1415d53126a39b0004f873c614b288e314e53b/chapter_convolutional-modern/vgg.md)
# adapted: d2l's vgg_block loop kept as a Python list of layers on self.vgg
# expect: fail modules_in_python_container attribute=vgg

from torch import nn


def make_vgg_layers(cfg, in_channels=3, batch_norm=False):
    layers = []
    for v in cfg:
        if v in ("M", "C"):
            layers.append(nn.MaxPool2d(kernel_size=2, stride=2, ceil_mode=v == "C"))
        else:
            layers.append(nn.Conv2d(in_channels, v, kernel_size=3, padding=1))
            if batch_norm:
                layers.append(nn.BatchNorm2d(v))
            layers.append(nn.ReLU())
            in_channels = v
    return layers


class VGGFeatures(nn.Module):
    def __init__(self, cfg, in_channels=3, batch_norm=False):
        super().__init__()
        self.vgg = make_vgg_layers(cfg, in_channels, batch_norm)

    def forward(self, X):
        for layer in self.vgg:
            X = layer(X)
        return X
