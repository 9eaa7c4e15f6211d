# source: pytorch/pytorch@9c9e8f3d7e80d88af8c5300ba27f5dee2e58ac6a:torch/nn/utils/parametrizations.py (https://github.com/pytorch/pytorch/blob/9c9e8f3d7e80d88af8c5300ba27f5dee2e58ac6a/torch/nn/utils/parametrizations.py)
# adapted: torch's own _WeightNorm parametrization (dim=0), registered on the layer with register_parametrization as parametrizations.weight_norm does, without its load_state_dict pre-hook for old weight_g / weight_v keys
# expect: pass

import torch
from torch.nn import Module
from torch.nn.utils import parametrize


class _WeightNorm(Module):
    def __init__(
        self,
        dim: int = 0,
    ) -> None:
        super().__init__()
        if dim is None:
            dim = -1
        self.dim = dim

    def forward(self, weight_g, weight_v):
        return torch._weight_norm(weight_v, weight_g, self.dim)

    def right_inverse(self, weight):
        # TODO: is the .data necessary?
        weight_g = torch.norm_except_dim(weight, 2, self.dim).data
        weight_v = weight.data

        return weight_g, weight_v


def weight_normalize(linear):
    _weight_norm = _WeightNorm(0)
    parametrize.register_parametrization(linear, "weight", _weight_norm, unsafe=True)
    return linear
