"""Bad: get_submodule raises on a prefix that names nothing, which the statement allows -> freezes_matching: call_error(call=freeze(model, ['classifier', 'fc.bias']))"""

from torch import nn


def freeze(model: nn.Module, prefixes: list[str]) -> list[str]:
    frozen = []
    for prefix in prefixes:
        try:
            params = [(prefix, model.get_parameter(prefix))]
        except AttributeError:
            params = [(f"{prefix}.{n}", p) for n, p in model.get_submodule(prefix).named_parameters()]
        for name, param in params:
            param.requires_grad = False
            frozen.append(name)
    return frozen
