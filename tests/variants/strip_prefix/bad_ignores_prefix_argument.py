"""Bad: "module." hard-coded, the prefix argument ignored -> strips_start_only: key_renamed_wrong(key=model.conv.weight)"""

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    return OrderedDict((k[7:] if k.startswith("module.") else k, v) for k, v in state_dict.items())
