"""Chapter 3: walking a module tree. Exercises `count_parameters` and `freeze`."""

from torch import nn


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    """Number of scalar parameters in `model`.

    `model.parameters()` yields each parameter once even when two layers share it, and never yields buffers.

    Args:
        model: any module.
        trainable_only: count only parameters with `requires_grad=True`. Default: False.
    """
    ### BEGIN SOLUTION
    return sum(p.numel() for p in model.parameters() if p.requires_grad or not trainable_only)
    ### END SOLUTION


def freeze(model: nn.Module, prefixes: list[str]) -> list[str]:
    """Stops gradients for every parameter under the given dotted prefixes.

    A name matches a prefix when it equals it or starts with `prefix + "."`: "layer1" freezes
    "layer1.0.weight" but not "layer10.weight".

    Args:
        model: the module whose parameters to freeze.
        prefixes: dotted names of parameters or submodules, e.g. ["conv1", "layer2.0"].

    Returns:
        The names of the parameters that were frozen, in `named_parameters()` order.
    """
    ### BEGIN SOLUTION
    frozen = []
    for name, param in model.named_parameters():
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            param.requires_grad_(False)
            frozen.append(name)
    return frozen
    ### END SOLUTION
