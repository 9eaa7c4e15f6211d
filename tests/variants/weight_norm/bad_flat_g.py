"""Bad: g of shape (out_features,), broadcast in forward -> state_dict_keys: shape_mismatch(parameter=parametrizations.weight.original0)"""

from torch import nn


class WeightNorm(nn.Module):
    def forward(self, g, v):
        return g.unsqueeze(1) * v / v.norm(dim=1, keepdim=True)

    def right_inverse(self, weight):
        return weight.norm(dim=1), weight


def weight_normalize(linear):
    nn.utils.parametrize.register_parametrization(linear, "weight", WeightNorm())
    return linear
