"""Known mistakes in counting and freezing parameters, in extracting features and in a module built from scratch
(assignment 03_iteration)."""

import torch
from torch import nn

from autograder.answers.iteration import TinyModule


def count_from_state_dict(model, trainable_only=False):
    return sum(v.numel() for v in model.state_dict().values())


def count_per_module(model, trainable_only=False):
    return sum(
        p.numel()
        for m in model.modules()
        for p in m.parameters(recurse=False)
        if p.requires_grad or not trainable_only
    )


def count_tensors(model, trainable_only=False):
    return len([p for p in model.parameters() if p.requires_grad or not trainable_only])


def count_ignoring_flag(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters())


def count_always_trainable(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def count_frozen(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if not p.requires_grad or not trainable_only)


def freeze_startswith(model, prefixes):
    frozen = [n for n, p in model.named_parameters() if any(n.startswith(x) for x in prefixes)]
    for n, p in model.named_parameters():
        if n in frozen:
            p.requires_grad = False
    return frozen


def freeze_substring(model, prefixes):
    frozen = [n for n, p in model.named_parameters() if any(x in n for x in prefixes)]
    for n, p in model.named_parameters():
        if n in frozen:
            p.requires_grad = False
    return frozen


def freeze_resets_others(model, prefixes):
    frozen = []
    for n, p in model.named_parameters():
        p.requires_grad = not any(n == x or n.startswith(x + ".") for x in prefixes)
        if not p.requires_grad:
            frozen.append(n)
    return frozen


def _keep(features, name):
    def hook(module, args, output):
        features[name] = output.clone()

    return hook


def _keep_the_tensor(features, name):
    def hook(module, args, output):
        features[name] = output.detach()

    return hook


def features_not_cloned(model, x, layer_names):
    modules = _checked_modules(model, layer_names)
    features = {}
    handles = [modules[name].register_forward_hook(_keep_the_tensor(features, name)) for name in layer_names]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    return {name: features[name] for name in layer_names}


def _checked_modules(model, layer_names):
    modules = dict(model.named_modules())
    for name in layer_names:
        if name not in modules:
            raise KeyError(name)
    return modules


def features_hooks_not_removed(model, x, layer_names):
    modules = _checked_modules(model, layer_names)
    features = {}
    for name in layer_names:
        modules[name].register_forward_hook(_keep(features, name))
    with torch.no_grad():
        model(x)
    return {name: features[name] for name in layer_names}


def features_no_finally(model, x, layer_names):
    modules = _checked_modules(model, layer_names)
    features = {}
    handles = [modules[name].register_forward_hook(_keep(features, name)) for name in layer_names]
    with torch.no_grad():
        model(x)
    for handle in handles:
        handle.remove()
    return {name: features[name] for name in layer_names}


def features_forward_per_layer(model, x, layer_names):
    modules = _checked_modules(model, layer_names)
    features = {}
    for name in layer_names:
        handle = modules[name].register_forward_hook(_keep(features, name))
        try:
            with torch.no_grad():
                model(x)
        finally:
            handle.remove()
    return features


def features_firing_order(model, x, layer_names):
    modules = _checked_modules(model, layer_names)
    features = {}
    handles = [modules[name].register_forward_hook(_keep(features, name)) for name in layer_names]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    return features


def features_forces_eval(model, x, layer_names):
    model.eval()
    modules = _checked_modules(model, layer_names)
    features = {}
    handles = [modules[name].register_forward_hook(_keep(features, name)) for name in layer_names]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    return {name: features[name] for name in layer_names}


def features_no_no_grad(model, x, layer_names):
    modules = _checked_modules(model, layer_names)
    features = {}
    handles = [modules[name].register_forward_hook(_keep(features, name)) for name in layer_names]
    try:
        model(x)
    finally:
        for handle in handles:
            handle.remove()
    return {name: features[name] for name in layer_names}


def features_key_error_after_forward(model, x, layer_names):
    features = {}
    handles = [
        module.register_forward_hook(_keep(features, name))
        for name, module in model.named_modules()
        if name in layer_names
    ]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    return {name: features[name] for name in layer_names}


def features_get_submodule(model, x, layer_names):
    features = {}
    handles = []
    try:
        for name in layer_names:
            handles.append(model.get_submodule(name).register_forward_hook(_keep(features, name)))
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    return {name: features[name] for name in layer_names}


def features_named_children(model, x, layer_names):
    """Looks the names up among the top-level children only: a nested layer such as `stem.1` is a KeyError."""
    children = dict(model.named_children())
    features = {}
    handles = []
    try:
        for name in layer_names:
            handles.append(children[name].register_forward_hook(_keep(features, name)))
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    return {name: features[name] for name in layer_names}


class TinyReassignMoves(TinyModule):
    """Removes the name from every registry before registering it again: a parameter assigned twice moves last."""

    def __setattr__(self, name, value):
        for registry in (self._parameters, self._modules, self.__dict__):
            registry.pop(name, None)
        super().__setattr__(name, value)


class TinyNoDedup(TinyModule):
    """named_parameters() without remembering what it has yielded: a tied parameter comes twice."""

    def named_parameters(self, prefix=""):
        for name, p in self._parameters.items():
            yield prefix + name, p
        for name, child in self._modules.items():
            yield from child.named_parameters(prefix + name + ".")


class TinyShallowTrain(TinyModule):
    """train() sets only the module's own flag."""

    def train(self, mode=True):
        self.training = mode
        return self


class TinyStateDictDedup(TinyModule):
    """state_dict() built from named_parameters(): a shared parameter is saved under one name only."""

    def state_dict(self, prefix=""):
        return {prefix + name: p.detach() for name, p in self.named_parameters()}


class TinyLoadRebinds(TinyModule):
    """load_state_dict() assigns new Parameters: an optimizer holding the old ones never sees the loaded values."""

    def load_state_dict(self, state_dict):
        own = self.state_dict()
        if set(own) != set(state_dict):
            raise RuntimeError("keys differ")
        for key, value in state_dict.items():
            *path, name = key.split(".")
            module = self
            for part in path:
                module = getattr(module, part)
            setattr(module, name, nn.Parameter(value.clone()))


MISTAKES = {
    "count_parameters": {
        "count_parameters.from_state_dict": {"count_parameters": count_from_state_dict},
        "count_parameters.per_module": {"count_parameters": count_per_module},
        "count_parameters.tensors": {"count_parameters": count_tensors},
        "count_parameters.ignores_flag": {"count_parameters": count_ignoring_flag},
        "count_parameters.counts_frozen": {"count_parameters": count_frozen},
        "count_parameters.always_trainable": {"count_parameters": count_always_trainable},
    },
    "freeze": {
        "freeze.startswith": {"freeze": freeze_startswith},
        "freeze.substring": {"freeze": freeze_substring},
        "freeze.resets_others": {"freeze": freeze_resets_others},
    },
    "feature_extractor": {
        f"feature_extractor.{name}": {"extract_features": fn}
        for name, fn in (
            ("hooks_not_removed", features_hooks_not_removed),
            ("no_finally", features_no_finally),
            ("forward_per_layer", features_forward_per_layer),
            ("firing_order", features_firing_order),
            ("forces_eval", features_forces_eval),
            ("no_no_grad", features_no_no_grad),
            ("not_cloned", features_not_cloned),
            ("key_error_after_forward", features_key_error_after_forward),
            ("get_submodule", features_get_submodule),
            ("named_children", features_named_children),
        )
    },
    "tiny_module": {
        "tiny_module.reassign_moves": {"TinyModule": TinyReassignMoves},
        "tiny_module.no_dedup": {"TinyModule": TinyNoDedup},
        "tiny_module.shallow_train": {"TinyModule": TinyShallowTrain},
        "tiny_module.state_dict_dedup": {"TinyModule": TinyStateDictDedup},
        "tiny_module.load_rebinds": {"TinyModule": TinyLoadRebinds},
    },
}
