"""Bad: model.eval() called before running, never undone -> returns_outputs: known_mistake(mistake=feature_extractor.forces_eval)"""

import torch


def extract_features(model, x, layer_names):
    model.eval()
    modules = dict(model.named_modules())
    for name in layer_names:
        if name not in modules:
            raise KeyError(name)
    features = {}
    handles = []
    for name in layer_names:
        handles.append(
            modules[name].register_forward_hook(
                lambda m, a, out, name=name: features.update({name: out.clone()})
            )
        )
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return {name: features[name] for name in layer_names}
