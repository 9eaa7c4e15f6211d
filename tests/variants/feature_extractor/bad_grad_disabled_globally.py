"""Bad: torch.set_grad_enabled(False) called and never undone -> no_autograd_graph: features_grad_mode_off(case=feature_extractor.0)"""

import torch


def extract_features(model, x, layer_names):
    modules = dict(model.named_modules())
    for name in layer_names:
        if name not in modules:
            raise KeyError(name)
    features = {}
    handles = [
        modules[name].register_forward_hook(
            lambda m, a, out, name=name: features.__setitem__(name, out.clone())
        )
        for name in layer_names
    ]
    torch.set_grad_enabled(False)
    try:
        model(x)
    finally:
        for h in handles:
            h.remove()
    return {name: features[name] for name in layer_names}
