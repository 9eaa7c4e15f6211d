"""Bad: g frozen with requires_grad=False, as DINO's head does -> gradients: norm_parameter_frozen(parameter=parametrizations.weight.original0)"""

from torch import nn


def weight_normalize(linear):
    layer = nn.utils.parametrizations.weight_norm(linear)
    layer.parametrizations.weight.original0.requires_grad = False
    return layer
