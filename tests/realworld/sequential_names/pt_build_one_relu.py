# source: pytorch/tutorials@c53e7d4efc0e39e455c531d21ec7db28ba220214:beginner_source/basics/buildmodel_tutorial.py (https://github.com/pytorch/tutorials/blob/c53e7d4efc0e39e455c531d21ec7db28ba220214/beginner_source/basics/buildmodel_tutorial.py)
# adapted: the tutorial's nn.Sequential with one shared ReLU object, keys from the contract
# expect: pass

from collections import OrderedDict

from torch import nn


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        relu = nn.ReLU()
        self.layer1 = nn.Sequential(nn.Conv2d(1, 20, 5), relu, nn.Conv2d(20, 64, 5), relu)
        self.layer2 = nn.Sequential(OrderedDict([
            ("convolution_layer_1", nn.Conv2d(1, 20, 5)),
            ("activation_1", relu),
            ("convolution_layer_2", nn.Conv2d(20, 64, 5)),
            ("activation_2", relu),
        ]))

    def forward(self, x):
        return self.layer1(x) + self.layer2(x)
