"""Good: names checked first, then model.get_submodule(name); the hooks removed by a with-block of its own (contextlib.ExitStack)."""

import contextlib

import torch


def extract_features(model, x, layer_names):
    known = {name for name, _ in model.named_modules()}
    for name in layer_names:
        if name not in known:
            raise KeyError(f"{name} is not a submodule")
    captured = {}
    with contextlib.ExitStack() as stack:
        for name in layer_names:

            def hook(module, args, output, name=name):
                captured[name] = output.clone()

            handle = model.get_submodule(name).register_forward_hook(hook)
            stack.callback(handle.remove)
        with torch.no_grad():
            model(x)
    return {name: captured[name] for name in layer_names}
