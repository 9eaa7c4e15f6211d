"""Bad: the test is inverted, so the parameters outside the prefixes are frozen -> freezes_matching: known_mistake(mistake=freeze.complement)"""


def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        if not any(name == p or name.startswith(p + ".") for p in prefixes):
            param.requires_grad = False
        else:
            frozen.append(name)
    return frozen
