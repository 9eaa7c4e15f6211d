"""Bad: str.replace removes the prefix everywhere in the key -> strips_start_only: known_mistake(mistake=strip_prefix.replace)"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    return OrderedDict((k.replace(prefix, ""), v) for k, v in state_dict.items())
