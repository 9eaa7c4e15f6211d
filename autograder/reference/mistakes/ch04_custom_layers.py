"""Known mistakes in Flatten and MyLinear (assignment 04_custom_layers)."""

import torch

from autograder.reference.custom_layers import Flatten, MyLinear


class FlattenAll(Flatten):
    def forward(self, x):
        return x.reshape(-1)


class FlattenSqueezed(Flatten):
    def forward(self, x):
        return x.reshape(x.shape[0], -1).squeeze()


class FlattenLastTwo(Flatten):
    def forward(self, x):
        return x.flatten(-2)


class FlattenSpatial(Flatten):
    def forward(self, x):
        return x.flatten(2)


class NoBias(MyLinear):
    def forward(self, x):
        return x @ self.weight.t()


class Relu(MyLinear):
    def forward(self, x):
        return torch.relu(super().forward(x))


class NotTransposed(MyLinear):
    def forward(self, x):
        return x @ self.weight + self.bias


MISTAKES = {
    "flatten": {
        "flatten.flatten_all": {"Flatten": FlattenAll},
        "flatten.squeezed": {"Flatten": FlattenSqueezed},
        "flatten.spatial": {"Flatten": FlattenSpatial},
        "flatten.last_two": {"Flatten": FlattenLastTwo},
    },
    "mylinear": {
        "mylinear.no_bias": {"MyLinear": NoBias},
        "mylinear.relu": {"MyLinear": Relu},
        "mylinear.not_transposed": {"MyLinear": NotTransposed},
    },
}
