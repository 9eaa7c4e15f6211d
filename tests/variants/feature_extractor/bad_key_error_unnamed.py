"""Bad: the KeyError does not say which name is unknown -> unknown_name: unknown_name_not_named(name=neck)"""

import torch


def extract_features(model, x, layer_names):
    modules = dict(model.named_modules())
    if any(name not in modules for name in layer_names):
        raise KeyError("unknown layer name")
    features = {}
    handles = [
        modules[name].register_forward_hook(
            lambda m, a, out, name=name: features.__setitem__(name, out.clone())
        )
        for name in layer_names
    ]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return {name: features[name] for name in layer_names}
