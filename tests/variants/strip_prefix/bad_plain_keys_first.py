"""Bad: a right strip, but the keys without the prefix put first -> keeps_values_and_order: keys_reordered(call=strip_prefix(state_dict))"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    out = OrderedDict((k, v) for k, v in state_dict.items() if not k.startswith(prefix))
    for k, v in state_dict.items():
        if k.startswith(prefix):
            out[k[len(prefix) :]] = v
    return out
