"""Bad: one original, the rows scaled to norm 1, no g -> state_dict_keys: state_dict_differ(config=nn.Linear(5, 3))"""

from torch import nn


class WeightNorm(nn.Module):
    def forward(self, v):
        return v / v.norm(dim=1, keepdim=True)


def weight_normalize(linear):
    nn.utils.parametrize.register_parametrization(linear, "weight", WeightNorm())
    return linear
