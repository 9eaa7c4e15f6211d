"""Bad: super().__init__() missing -> constructs: super_init_missing"""

from collections import OrderedDict

from torch import nn


class MyModel(nn.Module):
    def __init__(self):
        self.layer1 = nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.Conv2d(20, 64, 5), nn.ReLU())
        self.layer2 = nn.Sequential(
            OrderedDict(
                [
                    ("convolution_layer_1", nn.Conv2d(1, 20, 5)),
                    ("activation_1", nn.ReLU()),
                    ("convolution_layer_2", nn.Conv2d(20, 64, 5)),
                    ("activation_2", nn.ReLU()),
                ]
            )
        )

    def forward(self, x):
        return self.layer1(x) + self.layer2(x)
