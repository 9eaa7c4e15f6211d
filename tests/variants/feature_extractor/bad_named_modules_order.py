"""Bad: walks model.named_modules() and keeps the names asked for, so the result follows the model's order -> keys_in_order: features_order(case=feature_extractor.0)"""

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
    finally:
        for h in handles:
            h.remove()
    return {name: features[name] for name in modules if name in layer_names}
