"""Bad: returns only the parameters it froze itself, leaving out `layer10.bias`, frozen before -> returns_names: known_mistake(mistake=freeze.returned_only_newly)"""


def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        if any(name == p or name.startswith(p + ".") for p in prefixes) and param.requires_grad:
            param.requires_grad = False
            frozen.append(name)
    return frozen
