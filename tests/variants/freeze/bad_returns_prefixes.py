"""Bad: returns the prefixes it was given instead of the parameter names -> returns_names: known_mistake(mistake=freeze.returned_prefixes)"""


def freeze(model, prefixes):
    for name, param in model.named_parameters():
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            param.requires_grad = False
    return list(prefixes)
