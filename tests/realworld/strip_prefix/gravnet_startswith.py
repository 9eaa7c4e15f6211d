# source: naodell/hgcal_gravnet_model@18e708a48a67bb1f9e4dc133cfdd4aac20b921f0:scripts/helper_funcs.py (https://github.com/naodell/hgcal_gravnet_model/blob/18e708a48a67bb1f9e4dc133cfdd4aac20b921f0/scripts/helper_funcs.py)
# adapted: convert_parallel_model with the prefix as an argument, stripped only from keys that start with it
# expect: pass

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    new_state_dict = OrderedDict()
    for k, v in state_dict.items():
        name = k[len(prefix):] if k.startswith(prefix) else k  # remove `module.`
        new_state_dict[name] = v

    # load params
    return new_state_dict
