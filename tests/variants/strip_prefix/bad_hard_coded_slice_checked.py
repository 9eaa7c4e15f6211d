"""Bad: keys tested with startswith(prefix) but sliced with a hard-coded 7 -> strips_start_only: known_mistake(mistake=strip_prefix.hard_coded_length_checked)"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    return OrderedDict((k[7:] if k.startswith(prefix) else k, v) for k, v in state_dict.items())
