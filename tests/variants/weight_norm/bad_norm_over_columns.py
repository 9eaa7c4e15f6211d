"""Bad: the norm of each column, over the outputs -> forward: known_mistake(mistake=weight_norm.norm_over_columns)"""

from torch import nn


class WeightNorm(nn.Module):
    def forward(self, g, v):
        return g * v / v.norm(dim=0, keepdim=True)

    def right_inverse(self, weight):
        return weight.norm(dim=1, keepdim=True), weight


def weight_normalize(linear):
    nn.utils.parametrize.register_parametrization(linear, "weight", WeightNorm())
    return linear
