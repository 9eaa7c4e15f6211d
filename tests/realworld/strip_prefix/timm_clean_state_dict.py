# source: huggingface/pytorch-image-models@041de79f9e8728c26469e04570ad9c5963ca73c6:timm/models/_helpers.py (https://github.com/huggingface/pytorch-image-models/blob/041de79f9e8728c26469e04570ad9c5963ca73c6/timm/models/_helpers.py)
# adapted: clean_state_dict with the prefix as an argument (k[len(prefix):] for k[7:]); its plain dict kept
# expect: fail not_ordered_dict

from typing import Any, Dict


def strip_prefix(state_dict: Dict[str, Any], prefix: str = "module.") -> Dict[str, Any]:
    # 'clean' checkpoint by removing .module prefix from state dict if it exists from parallel training
    cleaned_state_dict = {}
    for k, v in state_dict.items():
        name = k[len(prefix):] if k.startswith(prefix) else k
        cleaned_state_dict[name] = v
    return cleaned_state_dict
