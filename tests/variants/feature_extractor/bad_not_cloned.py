"""Bad: the hook keeps output.detach(), which shares memory with the output that the in-place ReLU then overwrites -> returns_outputs: known_mistake(mistake=feature_extractor.not_cloned)"""

import torch


def extract_features(model, x, layer_names):
    modules = dict(model.named_modules())
    missing = [name for name in layer_names if name not in modules]
    if missing:
        raise KeyError(f"unknown layers: {missing}")
    outputs = {}
    handles = []

    def save(name):
        def hook(module, inputs, output):
            outputs[name] = output.detach()

        return hook

    try:
        for name in layer_names:
            handles.append(modules[name].register_forward_hook(save(name)))
        with torch.no_grad():
            model(x)
    finally:
        for handle in handles:
            handle.remove()
    return {name: outputs[name] for name in layer_names}
