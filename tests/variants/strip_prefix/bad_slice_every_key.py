"""Bad: cuts len(prefix) characters from every key, assuming all have it -> strips_start_only: known_mistake(mistake=strip_prefix.cut_every_key)"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    return OrderedDict((k[len(prefix) :], v) for k, v in state_dict.items())
