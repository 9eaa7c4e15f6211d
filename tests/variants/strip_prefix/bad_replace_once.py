"""Bad: str.replace(prefix, "", 1) still removes the first occurrence anywhere -> strips_start_only: key_should_stay(key=head.module.bias)"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    return OrderedDict((k.replace(prefix, "", 1), v) for k, v in state_dict.items())
