"""Bad: keys without the prefix are dropped -> strips_start_only: key_dropped(key=fc.weight)"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    return OrderedDict((k[len(prefix) :], v) for k, v in state_dict.items() if k.startswith(prefix))
