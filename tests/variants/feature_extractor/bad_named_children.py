"""Bad: the names looked up in named_children(), so a nested layer is never found -> returns_outputs: known_mistake(mistake=feature_extractor.named_children)"""

import torch


def extract_features(model, x, layer_names):
    children = dict(model.named_children())
    features = {}
    handles = []
    try:
        for name in layer_names:
            handles.append(
                children[name].register_forward_hook(
                    lambda m, i, o, name=name: features.update({name: o.clone()})
                )
            )
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    return {name: features[name] for name in layer_names}
