"""Good: any() over the prefixes, equal or starting with prefix + ".", requires_grad_(False)."""


def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            param.requires_grad_(False)
            frozen.append(name)
    return frozen
