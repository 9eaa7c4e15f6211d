"""Bad: requires_grad set on the submodule, which only adds an attribute -> freezes_matching: known_mistake(mistake=freeze.module_attribute)"""


def freeze(model, prefixes):
    frozen = []
    for name, module in model.named_modules():
        if name in prefixes:
            module.requires_grad = False
            frozen += [f"{name}.{n}" for n, _ in module.named_parameters()]
    return frozen
