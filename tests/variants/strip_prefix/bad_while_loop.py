"""Bad: a while loop strips the prefix as long as it is there -> strips_start_only: known_mistake(mistake=strip_prefix.repeatedly)"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    out = OrderedDict()
    for key, value in state_dict.items():
        while key.startswith(prefix):
            key = key[len(prefix) :]
        out[key] = value
    return out
