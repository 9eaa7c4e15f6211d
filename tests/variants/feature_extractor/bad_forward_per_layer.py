"""Bad: one forward pass per name, each with a single hook -> runs_forward_once: known_mistake(mistake=feature_extractor.forward_per_layer)"""

import torch


def extract_features(model, x, layer_names):
    modules = dict(model.named_modules())
    for name in layer_names:
        if name not in modules:
            raise KeyError(name)
    features = {}
    for name in layer_names:
        handle = modules[name].register_forward_hook(
            lambda m, a, out, name=name: features.__setitem__(name, out.clone())
        )
        try:
            with torch.no_grad():
                model(x)
        finally:
            handle.remove()
    return features
