"""Known mistakes in Sequential names and VGG features (assignment 02_containers)."""

import torch

from autograder.reference.containers import MyModel, VGGFeatures


class OnlyLayer1(MyModel):
    def forward(self, x):
        return self.layer1(x)


class OnlyLayer2(MyModel):
    def forward(self, x):
        return self.layer2(x)


class Product(MyModel):
    def forward(self, x):
        return self.layer1(x) * self.layer2(x)


class Concatenated(MyModel):
    def forward(self, x):
        return torch.cat([self.layer1(x), self.layer2(x)], dim=1)


class Chained(MyModel):
    def forward(self, x):
        return self.layer2(self.layer1(x))


class CeilAsFloor(VGGFeatures):
    def __init__(self, cfg, in_channels=3, batch_norm=False):
        super().__init__(["M" if v == "C" else v for v in cfg], in_channels, batch_norm)


MISTAKES = {
    "sequential_names": {
        "sequential_names.only_layer1": {"MyModel": OnlyLayer1},
        "sequential_names.only_layer2": {"MyModel": OnlyLayer2},
        "sequential_names.product": {"MyModel": Product},
        "sequential_names.concatenated": {"MyModel": Concatenated},
        "sequential_names.chained": {"MyModel": Chained},
    },
    "vgg_features": {
        "vgg_features.ceil_as_floor": {"VGGFeatures": CeilAsFloor},
    },
}
