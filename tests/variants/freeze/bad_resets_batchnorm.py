"""Bad: also resets the running statistics of the BatchNorm layers under a prefix -> freezes_matching: freeze_changed_buffers(call=freeze(model, ['layer2']))"""

from torch import nn


def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            param.requires_grad = False
            frozen.append(name)
    for name, module in model.named_modules():
        if isinstance(module, nn.BatchNorm1d | nn.BatchNorm2d) and any(
            name.startswith(p + ".") for p in prefixes
        ):
            module.reset_running_stats()
    return frozen
