# source: DavidCarlyn/fooling-feature-visualizations@46219c14f7a95ab30bc53f17c0097231706fcbac:count_silent_units.py (https://github.com/DavidCarlyn/fooling-feature-visualizations/blob/46219c14f7a95ab30bc53f17c0097231706fcbac/count_silent_units.py)
# adapted: the recipe's lookup by named_children(), which knows only the top-level names
# expect: fail known_mistake mistake=feature_extractor.named_children

import torch


def extract_features(model, x, layer_names):
    children = dict(model.named_children())
    features = {}
    handles = []
    for name in layer_names:
        def hook(module, inp, out, name=name):
            features[name] = out
        handles.append(children[name].register_forward_hook(hook))
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return {name: features[name] for name in layer_names}
