"""Good: a parametrization with forward(g, v) and right_inverse(weight), registered in place"""

from torch import nn


class WeightNorm(nn.Module):
    def forward(self, g, v):
        return g * v / v.norm(dim=1, keepdim=True)

    def right_inverse(self, weight):
        return weight.norm(dim=1, keepdim=True), weight


def weight_normalize(linear):
    nn.utils.parametrize.register_parametrization(linear, "weight", WeightNorm())
    return linear
