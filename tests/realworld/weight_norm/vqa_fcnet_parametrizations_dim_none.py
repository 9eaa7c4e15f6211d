# source: hengyuan-hu/bottom-up-attention-vqa@d3e42c2ebcc3e00d18c680bbd12b4ce04c606bde:fc.py (https://github.com/hengyuan-hu/bottom-up-attention-vqa/blob/d3e42c2ebcc3e00d18c680bbd12b4ce04c606bde/fc.py)
# adapted: FCNet's weight_norm(..., dim=None) moved to torch.nn.utils.parametrizations.weight_norm, as the deprecation warning says, dim=None kept: one norm over the whole matrix, g a scalar
# expect: fail port_shapes_differ
# expect: fail shape_mismatch parameter=parametrizations.weight.original0

import torch.nn as nn
from torch.nn.utils.parametrizations import weight_norm


def weight_normalize(linear):
    return weight_norm(linear, dim=None)
