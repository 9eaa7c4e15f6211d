"""Bad: the hooks stay registered after the call -> removes_hooks: known_mistake(mistake=feature_extractor.hooks_not_removed)"""

import torch


def extract_features(model, x, layer_names):
    modules = dict(model.named_modules())
    for name in layer_names:
        if name not in modules:
            raise KeyError(name)
    features = {}
    for name in layer_names:
        modules[name].register_forward_hook(
            lambda m, a, out, name=name: features.__setitem__(name, out.clone())
        )
    with torch.no_grad():
        model(x)
    return {name: features[name] for name in layer_names}
