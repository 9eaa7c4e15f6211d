"""Good: prefixes looked up as submodules or parameters with get_submodule / get_parameter; one naming nothing is skipped."""

from torch import nn


def freeze(model: nn.Module, prefixes: list[str]) -> list[str]:
    frozen = []
    for prefix in prefixes:
        try:
            params = [(prefix, model.get_parameter(prefix))]
        except AttributeError:
            try:
                params = [(f"{prefix}.{n}", p) for n, p in model.get_submodule(prefix).named_parameters()]
            except AttributeError:
                continue  # a prefix that names nothing freezes nothing
        for name, param in params:
            param.requires_grad = False
            frozen.append(name)
    return frozen
