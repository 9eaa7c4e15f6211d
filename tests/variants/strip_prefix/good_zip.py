"""Good: new keys computed with a slice comparison, then zipped with the values in their order."""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    n = len(prefix)
    keys = [key[n:] if key[:n] == prefix else key for key in state_dict]
    return OrderedDict(zip(keys, state_dict.values(), strict=True))
