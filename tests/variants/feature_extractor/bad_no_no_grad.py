"""Bad: no torch.no_grad(), so the outputs carry an autograd graph -> no_autograd_graph: known_mistake(mistake=feature_extractor.no_no_grad)"""


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
    try:
        model(x)
    finally:
        for h in handles:
            h.remove()
    return {name: features[name] for name in layer_names}
