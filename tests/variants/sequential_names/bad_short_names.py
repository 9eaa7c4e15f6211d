"""Bad: own short names in the OrderedDict -> parameter_names: rename_same_shape(name=layer2.conv1.weight)"""

from collections import OrderedDict

from torch import nn


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.Conv2d(20, 64, 5), nn.ReLU())
        self.layer2 = nn.Sequential(
            OrderedDict(
                [
                    ("conv1", nn.Conv2d(1, 20, 5)),
                    ("relu1", nn.ReLU()),
                    ("conv2", nn.Conv2d(20, 64, 5)),
                    ("relu2", nn.ReLU()),
                ]
            )
        )

    def forward(self, x):
        return self.layer1(x) + self.layer2(x)
