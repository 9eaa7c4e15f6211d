# source: DavidCarlyn/fooling-feature-visualizations@46219c14f7a95ab30bc53f17c0097231706fcbac:count_silent_units.py (https://github.com/DavidCarlyn/fooling-feature-visualizations/blob/46219c14f7a95ab30bc53f17c0097231706fcbac/count_silent_units.py)
# adapted: the get_activation recipe with clone(), handles removed in finally, no_grad and a KeyError for unknown names
# expect: pass

import torch


def extract_features(model, x, layer_names):
    modules = dict(model.named_modules())
    for name in layer_names:
        if name not in modules:
            raise KeyError(name)
    activation = {}

    def get_activation(name):
        def hook(module, input, output):
            activation[name] = output.detach().clone()
        return hook

    handles = [modules[name].register_forward_hook(get_activation(name)) for name in layer_names]
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return {name: activation[name] for name in layer_names}
