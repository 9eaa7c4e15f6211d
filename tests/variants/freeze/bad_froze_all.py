"""Bad: freezes every parameter and returns the matching names -> freezes_matching: known_mistake(mistake=freeze.froze_all)"""


def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        param.requires_grad = False
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            frozen.append(name)
    return frozen
