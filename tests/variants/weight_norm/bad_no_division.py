"""Bad: g * v, not divided by the norm of v -> forward: known_mistake(mistake=weight_norm.no_division)"""

from torch import nn


class WeightNorm(nn.Module):
    def forward(self, g, v):
        return g * v

    def right_inverse(self, weight):
        return weight.norm(dim=1, keepdim=True), weight


def weight_normalize(linear):
    nn.utils.parametrize.register_parametrization(linear, "weight", WeightNorm())
    return linear
