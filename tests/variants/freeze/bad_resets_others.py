"""Bad: every other parameter set back to requires_grad=True -> freezes_matching: known_mistake(mistake=freeze.resets_others)"""


def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        param.requires_grad = not any(name == p or name.startswith(p + ".") for p in prefixes)
        if not param.requires_grad:
            frozen.append(name)
    return frozen
