# source: ChengYaofeng/ReMake@c53f6b41575ac3aefb400bf50ca8f4eb0791ebf9:run_tools/ddp_tools.py (https://github.com/ChengYaofeng/ReMake/blob/c53f6b41575ac3aefb400bf50ca8f4eb0791ebf9/run_tools/ddp_tools.py)
# adapted: clean_state_dict with the prefix as an argument: replace() every occurrence, once the key starts with it
# expect: fail key_renamed_wrong key=module.module.extra
# expect: fail known_mistake mistake=strip_prefix.replace_when_starts

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    """Remove 'module.' prefix from keys in a state_dict (for DDP compatibility)"""
    new_state_dict = OrderedDict()
    for k, v in state_dict.items():
        name = k.replace(prefix, "") if k.startswith(prefix) else k
        new_state_dict[name] = v
    return new_state_dict
