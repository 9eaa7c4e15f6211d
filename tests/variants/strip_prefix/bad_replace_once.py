"""Bad: str.replace(prefix, "", 1) still removes the first occurrence anywhere -> strips_start_only: the key `head.module.bias` should become `head.module.bias`, found `head.bias`"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    return OrderedDict((k.replace(prefix, "", 1), v) for k, v in state_dict.items())
