"""Bad: `prefix in name` matches anywhere in the name -> freezes_matching: known_mistake(mistake=freeze.substring)"""


def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        for p in prefixes:
            if p in name:
                param.requires_grad = False
                frozen.append(name)
                break
    return frozen
