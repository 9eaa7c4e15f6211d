"""Good: walks every module's own parameters and removes the shared ones by id()."""

from torch import nn


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    unique = {}
    for module in model.modules():
        for param in module.parameters(recurse=False):
            unique[id(param)] = param
    params = unique.values()
    if trainable_only:
        params = [p for p in params if p.requires_grad]
    return sum(p.numel() for p in params)
