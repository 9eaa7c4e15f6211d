"""Bad: compares only the first part of the name, so `layer2.0` and `head.bias` match nothing -> freezes_matching: known_mistake(mistake=freeze.first_part_only)"""


def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        if name.split(".")[0] in prefixes:
            param.requires_grad = False
            frozen.append(name)
    return frozen
