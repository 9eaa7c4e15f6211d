"""Bad: a dict comprehension returns a plain dict -> returns_ordered_dict: not_ordered_dict(call=strip_prefix(state_dict))"""


def strip_prefix(state_dict, prefix="module."):
    return {k[len(prefix) :] if k.startswith(prefix) else k: v for k, v in state_dict.items()}
