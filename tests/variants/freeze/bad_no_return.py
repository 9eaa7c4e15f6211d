"""Bad: freezes correctly but forgets to return the names -> returns_names: it should return the list of frozen parameter names"""


def freeze(model, prefixes):
    for name, param in model.named_parameters():
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            param.requires_grad = False
