"""Bad: avoids the graph by switching requires_grad off on every parameter, and leaves them so -> leaves_model_alone: requires_grad_changed(case=feature_extractor.0)"""


def extract_features(model, x, layer_names):
    modules = dict(model.named_modules())
    for name in layer_names:
        if name not in modules:
            raise KeyError(name)
    for p in model.parameters():
        p.requires_grad_(False)
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
