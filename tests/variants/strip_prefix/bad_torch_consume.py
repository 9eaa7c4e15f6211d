"""Bad: torch's consume_prefix_in_state_dict_if_present works in place and returns None -> returns_ordered_dict: not_ordered_dict(call=strip_prefix(state_dict))"""

from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present


def strip_prefix(state_dict, prefix="module."):
    return consume_prefix_in_state_dict_if_present(state_dict, prefix)
