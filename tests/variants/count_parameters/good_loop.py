"""Good: a plain loop with `continue` for frozen parameters, p.nelement() instead of numel()."""


def count_parameters(model, trainable_only=False):
    total = 0
    for param in model.parameters():
        if trainable_only and not param.requires_grad:
            continue
        total += param.nelement()
    return total
