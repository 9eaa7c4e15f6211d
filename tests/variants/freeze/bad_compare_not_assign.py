"""Bad: `==` typed for `=`, so nothing is frozen -> freezes_matching: known_mistake(mistake=freeze.nothing_frozen)"""


def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            param.requires_grad == False  # noqa: B015, E712
            frozen.append(name)
    return frozen
