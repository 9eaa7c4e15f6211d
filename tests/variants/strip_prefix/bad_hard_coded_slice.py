"""Bad: the forum's DataParallel snippet, k[7:] on every key whatever the prefix -> strips_start_only: known_mistake(mistake=strip_prefix.hard_coded_length)"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    new_state_dict = OrderedDict()
    for k, v in state_dict.items():
        name = k[7:]  # remove `module.`
        new_state_dict[name] = v
    return new_state_dict
