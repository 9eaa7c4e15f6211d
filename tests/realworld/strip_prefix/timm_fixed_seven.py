# source: huggingface/pytorch-image-models@041de79f9e8728c26469e04570ad9c5963ca73c6:timm/models/_helpers.py (https://github.com/huggingface/pytorch-image-models/blob/041de79f9e8728c26469e04570ad9c5963ca73c6/timm/models/_helpers.py)
# adapted: clean_state_dict pasted as it is, `k[7:]` for 'module.' whatever the prefix, the prefix tested as given
# expect: fail known_mistake mistake=strip_prefix.hard_coded_length_checked
# expect: fail not_ordered_dict

from typing import Any, Dict


def strip_prefix(state_dict: Dict[str, Any], prefix: str = "module.") -> Dict[str, Any]:
    # 'clean' checkpoint by removing .module prefix from state dict if it exists from parallel training
    cleaned_state_dict = {}
    for k, v in state_dict.items():
        name = k[7:] if k.startswith(prefix) else k
        cleaned_state_dict[name] = v
    return cleaned_state_dict
