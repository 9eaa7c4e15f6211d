"""Bad: cuts len(prefix) characters from every key, assuming all have it -> strips_start_only: cut from every key, even keys without the prefix"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    return OrderedDict((k[len(prefix) :], v) for k, v in state_dict.items())
