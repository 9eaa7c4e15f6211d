"""Bad: the hook keeps a module's first output only, but `act` runs twice and its last output counts -> returns_outputs: feature_differs(layer=act)"""

import torch


def extract_features(model, x, layer_names):
    modules = dict(model.named_modules())
    for name in layer_names:
        if name not in modules:
            raise KeyError(name)
    features = {}
    handles = []
    for name in layer_names:

        def hook(module, args, output, name=name):
            if name not in features:
                features[name] = output.clone()

        handles.append(modules[name].register_forward_hook(hook))
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return {name: features[name] for name in layer_names}
