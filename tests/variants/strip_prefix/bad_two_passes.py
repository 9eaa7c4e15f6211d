"""Bad: stripped keys first, untouched keys after, so the order changes -> keeps_values_and_order: keys_reordered(call=strip_prefix(state_dict))"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    out = OrderedDict((k[len(prefix) :], v) for k, v in state_dict.items() if k.startswith(prefix))
    out.update((k, v) for k, v in state_dict.items() if not k.startswith(prefix))
    return out
