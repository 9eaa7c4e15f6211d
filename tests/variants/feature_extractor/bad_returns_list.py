"""Bad: returns the outputs as a list, not a dict keyed by name -> returns_outputs: features_not_dict(case=feature_extractor.0)"""

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
    return [features[name] for name in layer_names]
