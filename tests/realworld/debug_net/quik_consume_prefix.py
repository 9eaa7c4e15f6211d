# source: donchesworth/hugging-quik@e9a0cf40447e450402ccaf77b9977d22338b22b3:hugging_quik/utils.py (https://github.com/donchesworth/hugging-quik/blob/e9a0cf40447e450402ccaf77b9977d22338b22b3/hugging_quik/utils.py)
# adapted: its copy of torch's consume_prefix_in_state_dict_if_present called with "module." before a strict load in load_trained; DebugNet the task's three bugs fixed
# expect: pass

from typing import Dict, Any

import torch
import torch.nn.functional as F
from torch import nn


class DebugNet(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.convs = nn.ModuleList([nn.Conv2d(3, 6, 5), nn.Conv2d(6, 16, 5)])
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, num_classes)
        self.act = nn.ReLU()

    def forward(self, x):
        for conv in self.convs:
            x = F.max_pool2d(self.act(conv(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc2(self.act(self.fc1(x)))


# From pytorch 1.9.0
def consume_prefix_in_state_dict_if_present(
    state_dict: Dict[str, Any], prefix: str
):
    r"""Strip the prefix in state_dict, if any.
    ..note::
        Given a `state_dict` from a DP/DDP model, a local model can load it by
        applying `consume_prefix_in_state_dict_if_present(state_dict,
        "module.")` before calling :meth:`torch.nn.Module.load_state_dict`.
    Args:
        state_dict (OrderedDict): a state-dict to be loaded to the model.
        prefix (str): prefix.
    """
    keys = sorted(state_dict.keys())
    for key in keys:
        if key.startswith(prefix):
            newkey = key[len(prefix) :]
            state_dict[newkey] = state_dict.pop(key)

    # also strip the prefix in metadata if any.
    if hasattr(state_dict, "_metadata"):
        metadata = state_dict._metadata
        for key in list(metadata.keys()):
            # for the metadata dict, the key can be:
            # '': for the DDP module, which we want to remove.
            # 'module': for the actual model.
            # 'module.xx.xx': for the rest.

            if len(key) == 0:
                continue
            newkey = key[len(prefix) :]
            metadata[newkey] = metadata.pop(key)
        state_dict._metadata = metadata


def load_trained(model, path):
    state_dict = torch.load(path, weights_only=True)
    consume_prefix_in_state_dict_if_present(state_dict, "module.")
    model.load_state_dict(state_dict)
