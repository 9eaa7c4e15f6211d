# source: DavidCarlyn/fooling-feature-visualizations@46219c14f7a95ab30bc53f17c0097231706fcbac:count_silent_units.py (https://github.com/DavidCarlyn/fooling-feature-visualizations/blob/46219c14f7a95ab30bc53f17c0097231706fcbac/count_silent_units.py)
# adapted: the recipe as usually pasted: model.eval() first, hooks removed afterwards
# expect: fail feature_mode_changed

import torch


def extract_features(model, x, layer_names):
    modules = dict(model.named_modules())
    for name in layer_names:
        if name not in modules:
            raise KeyError(name)
    features = {}
    handles = []
    for name in layer_names:
        def hook(module, inp, out, name=name):
            features[name] = out.detach()
        handles.append(modules[name].register_forward_hook(hook))
    model.eval()
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return {name: features[name] for name in layer_names}
