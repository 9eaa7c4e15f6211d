# source: DavidCarlyn/fooling-feature-visualizations@46219c14f7a95ab30bc53f17c0097231706fcbac:count_silent_units.py (https://github.com/DavidCarlyn/fooling-feature-visualizations/blob/46219c14f7a95ab30bc53f17c0097231706fcbac/count_silent_units.py)
# adapted: the get_activation recipe (from the discuss.pytorch.org thread the file cites) wrapped in a function over layer_names; hooks never removed
# expect: fail hooks_left
# expect: fail known_mistake mistake=feature_extractor.not_cloned

import torch


def extract_features(model, x, layer_names):
    activation = {}

    def get_activation(name):
        def hook(model, input, output):
            activation[name] = output.detach()
        return hook

    modules = dict(model.named_modules())
    for name in layer_names:
        modules[name].register_forward_hook(get_activation(name))
    output = model(x)
    return {name: activation[name] for name in layer_names}
