"""Bad: the norm detached, as a constant -> gradients: known_mistake(mistake=weight_norm.detached_norm)"""

from torch import nn


class WeightNorm(nn.Module):
    def forward(self, g, v):
        return g * v / v.norm(dim=1, keepdim=True).detach()

    def right_inverse(self, weight):
        return weight.norm(dim=1, keepdim=True), weight


def weight_normalize(linear):
    nn.utils.parametrize.register_parametrization(linear, "weight", WeightNorm())
    return linear
