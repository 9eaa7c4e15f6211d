"""Good: compares the dotted parts of the name with the dotted parts of each prefix."""


def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        parts = name.split(".")
        for prefix in prefixes:
            wanted = prefix.split(".")
            if parts[: len(wanted)] == wanted:
                param.requires_grad = False
                frozen.append(name)
                break
    return frozen
