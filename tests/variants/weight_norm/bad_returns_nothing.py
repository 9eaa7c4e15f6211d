"""Bad: registers the parametrization but returns nothing -> returns_layer: norm_not_same_layer(config=nn.Linear(5, 3))"""

from torch import nn


class WeightNorm(nn.Module):
    def forward(self, g, v):
        return g * v / v.norm(dim=1, keepdim=True)

    def right_inverse(self, weight):
        return weight.norm(dim=1, keepdim=True), weight


def weight_normalize(linear):
    nn.utils.parametrize.register_parametrization(linear, "weight", WeightNorm())
