"""Bad: sums each module's own parameters, counting a tied weight twice -> counts_all: known_mistake(mistake=count_parameters.per_module)"""


def count_parameters(model, trainable_only=False):
    total = 0
    for module in model.modules():
        for p in module.parameters(recurse=False):
            if p.requires_grad or not trainable_only:
                total += p.numel()
    return total
