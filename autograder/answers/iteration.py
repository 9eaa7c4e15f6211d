"""Chapter 3: walking a module tree. Exercises `count_parameters`, `freeze`, `extract_features` and `tiny_module`."""

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
    graph. A module that runs more than once in forward gives its last output. Each output is kept as the module
    returned it: a later in-place operation in forward (a ReLU(inplace=True) after a BatchNorm, as in a ResNet
    block) does not change what is returned. No hook is left on the model
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
            # A copy: a later in-place operation (ReLU(inplace=True)) would overwrite the output itself. A module
            # that runs again overwrites the entry: its last output is kept.
            features[name] = output.clone()

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


class TinyModule:
    """nn.Module's bookkeeping, built from scratch: assigning an `nn.Parameter` or a `TinyModule` to an attribute
    registers it under that name, in the order of assignment, and the methods below walk what was registered.

    A subclass calls `super().__init__()` first, then assigns, exactly as with nn.Module. Assigning a parameter or
    module under a name that already holds one of the same kind keeps the name's place; assigning anything else
    (an int, a plain tensor) sets an ordinary attribute, registered nowhere.

    Attributes:
        training: True after construction; `train()` / `eval()` set it here and on every module below.
        _parameters: {name: nn.Parameter}, this module's own parameters, in assignment order.
        _modules: {name: TinyModule}, its children, in assignment order.
    """

    def __init__(self):
        ### BEGIN SOLUTION
        object.__setattr__(self, "_parameters", {})
        object.__setattr__(self, "_modules", {})
        object.__setattr__(self, "training", True)
        ### END SOLUTION

    def __setattr__(self, name: str, value) -> None:
        ### BEGIN SOLUTION
        if isinstance(value, nn.Parameter):
            self._modules.pop(name, None)
            self.__dict__.pop(name, None)
            self._parameters[name] = value
        elif isinstance(value, TinyModule):
            self._parameters.pop(name, None)
            self.__dict__.pop(name, None)
            self._modules[name] = value
        else:
            self._parameters.pop(name, None)
            self._modules.pop(name, None)
            object.__setattr__(self, name, value)
        ### END SOLUTION

    def __getattr__(self, name: str):
        """Called only when ordinary lookup fails: the registered parameters and children."""
        ### BEGIN SOLUTION
        for registry in ("_parameters", "_modules"):
            found = self.__dict__.get(registry, {})
            if name in found:
                return found[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        ### END SOLUTION

    def named_modules(self, prefix: str = ""):
        """(dotted name, module) for this module ("") and every module below it, each module object once (the
        first name met), depth first in assignment order, like nn.Module.named_modules()."""
        ### BEGIN SOLUTION
        seen = set()

        def walk(module, path):
            if id(module) in seen:
                return
            seen.add(id(module))
            yield path, module
            for name, child in module._modules.items():
                yield from walk(child, f"{path}.{name}" if path else name)

        yield from walk(self, prefix)
        ### END SOLUTION

    def named_parameters(self):
        """(dotted name, parameter) for every parameter here and below, each parameter object once (the first name
        met), in the order of named_modules(), like nn.Module.named_parameters()."""
        ### BEGIN SOLUTION
        seen = set()
        for path, module in self.named_modules():
            for name, p in module._parameters.items():
                if id(p) not in seen:
                    seen.add(id(p))
                    yield (f"{path}.{name}" if path else name), p
        ### END SOLUTION

    def parameters(self):
        """The parameters of named_parameters(), without their names."""
        ### BEGIN SOLUTION
        for _, p in self.named_parameters():
            yield p
        ### END SOLUTION

    def train(self, mode: bool = True):
        """Sets `training` to `mode` on this module and every module below it; returns self."""
        ### BEGIN SOLUTION
        self.training = mode
        for child in self._modules.values():
            child.train(mode)
        return self
        ### END SOLUTION

    def eval(self):
        """train(False)."""
        ### BEGIN SOLUTION
        return self.train(False)
        ### END SOLUTION

    def state_dict(self, prefix: str = "") -> dict:
        """{dotted name: detached tensor} of every parameter under every name it has (a shared parameter or module
        appears under each of its names, as in nn.Module.state_dict()); children after the module's own."""
        ### BEGIN SOLUTION
        state = {}
        for name, p in self._parameters.items():
            state[prefix + name] = p.detach()
        for name, child in self._modules.items():
            state.update(child.state_dict(prefix + name + "."))
        return state
        ### END SOLUTION

    def load_state_dict(self, state_dict: dict) -> None:
        """Copies each value into the parameter under its key, in place (the Parameter objects stay the same, so
        an optimizer holding them sees the new values). Raises RuntimeError, loading nothing, when a key is
        missing or unexpected, or a shape differs (nn.Module's strict=True)."""
        ### BEGIN SOLUTION
        own = self.state_dict()
        missing = [key for key in own if key not in state_dict]
        unexpected = [key for key in state_dict if key not in own]
        wrong = [key for key in own if key in state_dict and state_dict[key].shape != own[key].shape]
        if missing or unexpected or wrong:
            raise RuntimeError(f"missing keys {missing}, unexpected keys {unexpected}, wrong shapes {wrong}")
        with torch.no_grad():
            for key, value in own.items():
                value.copy_(state_dict[key])  # the detached view shares the parameter's memory
        ### END SOLUTION
