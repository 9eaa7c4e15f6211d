"""Bad: layer2 an nn.ModuleDict looped in forward -> uses_sequential: submodule_type(attribute=layer2)"""

from torch import nn


class MyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer1 = nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.Conv2d(20, 64, 5), nn.ReLU())
        self.layer2 = nn.ModuleDict(
            {
                "convolution_layer_1": nn.Conv2d(1, 20, 5),
                "activation_1": nn.ReLU(),
                "convolution_layer_2": nn.Conv2d(20, 64, 5),
                "activation_2": nn.ReLU(),
            }
        )

    def forward(self, x):
        y = x
        for layer in self.layer2.values():
            y = layer(y)
        return self.layer1(x) + y
