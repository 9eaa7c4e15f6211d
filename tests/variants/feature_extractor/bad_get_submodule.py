"""Bad: model.get_submodule(name) raises AttributeError, not KeyError, for an unknown name -> unknown_name: known_mistake(mistake=feature_extractor.get_submodule)"""

import torch


def extract_features(model, x, layer_names):
    features = {}
    handles = []
    try:
        for name in layer_names:
            layer = model.get_submodule(name)
            handles.append(
                layer.register_forward_hook(
                    lambda m, a, out, name=name: features.__setitem__(name, out.clone())
                )
            )
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return {name: features[name] for name in layer_names}
