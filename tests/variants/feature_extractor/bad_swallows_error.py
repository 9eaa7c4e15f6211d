"""Bad: an error in forward is caught and an empty dict returned, so the caller never hears of it -> removes_hooks: forward_error_swallowed(case=feature_extractor.4)"""

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
    try:
        with torch.no_grad():
            model(x)
    except RuntimeError:
        return {}
    finally:
        for h in handles:
            h.remove()
    return {name: features[name] for name in layer_names}
