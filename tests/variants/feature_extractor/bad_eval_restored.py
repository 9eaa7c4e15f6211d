"""Bad: runs in eval mode, as predict does, then puts every flag back: the outputs are eval mode's -> returns_outputs: feature_differs(case=feature_extractor.0)"""

import torch


def extract_features(model, x, layer_names):
    modules = dict(model.named_modules())
    for name in layer_names:
        if name not in modules:
            raise KeyError(name)
    flags = {m: m.training for m in model.modules()}
    features = {}
    handles = [
        modules[name].register_forward_hook(
            lambda m, a, out, name=name: features.__setitem__(name, out.clone())
        )
        for name in layer_names
    ]
    model.eval()
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
        for m, flag in flags.items():
            m.training = flag
    return {name: features[name] for name in layer_names}
