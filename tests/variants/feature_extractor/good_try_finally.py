"""Good: names checked against dict(model.named_modules()), one hook per name, no_grad, handles removed in a finally block."""

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
            outputs[name] = output.clone()

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
