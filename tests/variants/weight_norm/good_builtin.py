"""Good: PyTorch's own nn.utils.parametrizations.weight_norm, which writes the same keys"""

from torch import nn


def weight_normalize(linear):
    return nn.utils.parametrizations.weight_norm(linear)
