"""Chapter 3: walking a module tree. Exercises `count_parameters`, `freeze` and `extract_features`."""

import torch
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


def extract_features(model: nn.Module, x: torch.Tensor, layer_names: list[str]) -> dict[str, torch.Tensor]:
    """The outputs of the named submodules during one forward pass, captured with forward hooks.

    `model(x)` runs once, in the mode each module is in (no eval() or train()), without building an autograd
    graph. A module that runs more than once in forward gives its last output. No hook is left on the model
    afterwards, even when forward raises (the error still reaches the caller); the modes, parameters,
    `requires_grad` flags and gradients stay as they were.

    Args:
        model: the model to run.
        x: its input.
        layer_names: dotted names of submodules, as `model.named_modules()` gives them, e.g. ["layer1.0", "fc"].

    Returns:
        A dict from each name in `layer_names`, in that order, to that submodule's output.

    Raises:
        KeyError: a name that is not a submodule of `model` (its message names it), before anything runs.
    """
    ### BEGIN SOLUTION
    modules = dict(model.named_modules())
    for name in layer_names:
        if name not in modules:
            raise KeyError(f"{name!r} is not a submodule of the model")
    features = {}

    def keep(name):
        def hook(module, args, output):
            features[name] = output  # a module that runs again overwrites: its last output is kept

        return hook

    handles = []
    try:
        for name in layer_names:
            handles.append(modules[name].register_forward_hook(keep(name)))
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    return {name: features[name] for name in layer_names}
    ### END SOLUTION
