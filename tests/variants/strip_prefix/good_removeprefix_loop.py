"""Good: str.removeprefix (Python 3.9+) in a loop filling an OrderedDict."""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    stripped = OrderedDict()
    for key, value in state_dict.items():
        stripped[key.removeprefix(prefix)] = value
    return stripped
