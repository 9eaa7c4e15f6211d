"""Bad: layer2 reuses layer1's Conv2d objects instead of fresh layers -> parameter_names: shared_module(name=layer2.convolution_layer_1)"""

from collections import OrderedDict

from torch import nn


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        conv1, conv2 = nn.Conv2d(1, 20, 5), nn.Conv2d(20, 64, 5)
        self.layer1 = nn.Sequential(conv1, nn.ReLU(), conv2, nn.ReLU())
        self.layer2 = nn.Sequential(
            OrderedDict(
                [
                    ("convolution_layer_1", conv1),  # the same object as layer1[0]
                    ("activation_1", nn.ReLU()),
                    ("convolution_layer_2", conv2),  # the same object as layer1[2]
                    ("activation_2", nn.ReLU()),
                ]
            )
        )

    def forward(self, x):
        return self.layer1(x) + self.layer2(x)
