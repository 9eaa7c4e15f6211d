"""Bad: ReLUs applied in forward, so layer1's second conv is index 1 -> parameter_names: index_shift(name=layer1.1.weight)"""

from collections import OrderedDict

import torch.nn.functional as F
from torch import nn


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = nn.Sequential(nn.Conv2d(1, 20, 5), nn.Conv2d(20, 64, 5))
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
        out1 = F.relu(self.layer1[1](F.relu(self.layer1[0](x))))
        return out1 + self.layer2(x)
