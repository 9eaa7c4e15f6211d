"""Bad: name.startswith(prefix) without the dot -> freezes_matching: known_mistake(mistake=freeze.startswith)"""


def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        if any(name.startswith(p) for p in prefixes):
            param.requires_grad = False
            frozen.append(name)
    return frozen
