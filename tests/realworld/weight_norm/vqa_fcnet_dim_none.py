# source: hengyuan-hu/bottom-up-attention-vqa@d3e42c2ebcc3e00d18c680bbd12b4ce04c606bde:fc.py (https://github.com/hengyuan-hu/bottom-up-attention-vqa/blob/d3e42c2ebcc3e00d18c680bbd12b4ce04c606bde/fc.py)
# adapted: FCNet's weight_norm(nn.Linear(in_dim, out_dim), dim=None) on the given layer
# expect: fail state_dict_differ
# expect: fail rename_same_shape name=weight_v

import torch.nn as nn
from torch.nn.utils.weight_norm import weight_norm


def weight_normalize(linear):
    return weight_norm(linear, dim=None)
