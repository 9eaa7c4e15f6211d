"""Good: looks keys up in named_parameters() and named_buffers() and assigns through .data."""

import torch
from torch import nn


def load_matching(model: nn.Module, state_dict: dict[str, torch.Tensor]) -> list[str]:
    targets = dict(model.named_parameters())
    targets.update(model.named_buffers())
    loaded = []
    for key, value in state_dict.items():
        target = targets.get(key)
        if target is not None and target.shape == value.shape:
            target.data.copy_(value)
            loaded.append(key)
    return loaded
