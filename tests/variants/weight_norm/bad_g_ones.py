"""Bad: right_inverse starts g at ones instead of the rows' norms, so registering changes the layer's weight -> keeps_weight: weight_changed_by_registration(config=nn.Linear(5, 3))"""

import torch
from torch import nn


class WeightNorm(nn.Module):
    def forward(self, g, v):
        return g * v / v.norm(dim=1, keepdim=True)

    def right_inverse(self, weight):
        return torch.ones(weight.shape[0], 1), weight


def weight_normalize(linear):
    nn.utils.parametrize.register_parametrization(linear, "weight", WeightNorm())
    return linear
