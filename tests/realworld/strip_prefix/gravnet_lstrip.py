# source: naodell/hgcal_gravnet_model@18e708a48a67bb1f9e4dc133cfdd4aac20b921f0:scripts/helper_funcs.py (https://github.com/naodell/hgcal_gravnet_model/blob/18e708a48a67bb1f9e4dc133cfdd4aac20b921f0/scripts/helper_funcs.py)
# adapted: convert_parallel_model with k.lstrip(prefix) for k[7:], which strips characters, not a prefix
# expect: fail known_mistake mistake=strip_prefix.lstrip

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    return OrderedDict((k.lstrip(prefix), v) for k, v in state_dict.items())
