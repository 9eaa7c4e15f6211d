"""Bad: 3x3 kernels in layer2 -> parameter_shapes: shape_mismatch_dims(parameter=layer2.convolution_layer_1.weight)"""

from collections import OrderedDict

from torch import nn


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.Conv2d(20, 64, 5), nn.ReLU())
        self.layer2 = nn.Sequential(
            OrderedDict(
                [
                    ("convolution_layer_1", nn.Conv2d(1, 20, 3)),
                    ("activation_1", nn.ReLU()),
                    ("convolution_layer_2", nn.Conv2d(20, 64, 3)),
                    ("activation_2", nn.ReLU()),
                ]
            )
        )

    def forward(self, x):
        return self.layer1(x) + self.layer2(x)
