"""Bad: startswith checked, then replace removes the prefix everywhere in the key -> strips_start_only: known_mistake(mistake=strip_prefix.replace_when_starts)"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    result = OrderedDict()
    for key, value in state_dict.items():
        if key.startswith(prefix):
            key = key.replace(prefix, "")
        result[key] = value
    return result
