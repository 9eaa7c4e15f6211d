"""Good: key[len(prefix):] when key.startswith(prefix), in one OrderedDict comprehension."""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    return OrderedDict((k[len(prefix) :] if k.startswith(prefix) else k, v) for k, v in state_dict.items())
