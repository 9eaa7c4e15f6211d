"""Bad: the hooks are removed after forward but not in a finally block, so they stay when forward raises -> removes_hooks: hooks_left_on_error(case=feature_extractor.4)"""

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
    with torch.no_grad():
        model(x)
    for h in handles:
        h.remove()
    return {name: features[name] for name in layer_names}
