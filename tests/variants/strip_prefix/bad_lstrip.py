"""Bad: str.lstrip(prefix) strips characters, not the prefix -> strips_start_only: known_mistake(mistake=strip_prefix.lstrip)"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    return OrderedDict((k.lstrip(prefix), v) for k, v in state_dict.items())
