# source: naodell/hgcal_gravnet_model@18e708a48a67bb1f9e4dc133cfdd4aac20b921f0:scripts/helper_funcs.py (https://github.com/naodell/hgcal_gravnet_model/blob/18e708a48a67bb1f9e4dc133cfdd4aac20b921f0/scripts/helper_funcs.py)
# adapted: convert_parallel_model as a dict comprehension with the prefix's length, so a plain dict comes back
# expect: fail not_ordered_dict

def strip_prefix(state_dict, prefix="module."):
    return {k[len(prefix):] if k.startswith(prefix) else k: v for k, v in state_dict.items()}
