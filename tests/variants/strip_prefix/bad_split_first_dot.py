"""Bad: drops everything up to the first dot, as a popular forum answer does -> strips_start_only: key_should_stay(key=fc.weight)"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    return OrderedDict((k.split(".", 1)[1], v) for k, v in state_dict.items())
