"""Bad: str.lstrip(prefix) strips characters, not the prefix -> strips_start_only: str.lstrip(prefix) removes any of the prefix's characters"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    return OrderedDict((k.lstrip(prefix), v) for k, v in state_dict.items())
