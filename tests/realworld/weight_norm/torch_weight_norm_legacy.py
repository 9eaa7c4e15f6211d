# source: pytorch/pytorch@6fb415295afcf994b6cc1aa7522356676f322889:torch/nn/utils/weight_norm.py (https://github.com/pytorch/pytorch/blob/6fb415295afcf994b6cc1aa7522356676f322889/torch/nn/utils/weight_norm.py)
# adapted: the docstring's example, m = weight_norm(nn.Linear(20, 40), name='weight'), on the given layer: the deprecated hook, which stores weight_g and weight_v
# expect: fail state_dict_differ
# expect: fail rename_same_shape name=weight_g

from torch.nn.utils import weight_norm


def weight_normalize(linear):
    m = weight_norm(linear, name='weight')
    return m
