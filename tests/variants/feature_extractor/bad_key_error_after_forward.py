"""Bad: hooks only on the modules found, so an unknown name fails when the result is built, after forward -> unknown_name: known_mistake(mistake=feature_extractor.key_error_after_forward)"""

import torch


def extract_features(model, x, layer_names):
    features = {}
    handles = []
    for name, module in model.named_modules():
        if name in layer_names:
            handles.append(
                module.register_forward_hook(
                    lambda m, a, out, name=name: features.__setitem__(name, out.clone())
                )
            )
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return {name: features[name] for name in layer_names}
