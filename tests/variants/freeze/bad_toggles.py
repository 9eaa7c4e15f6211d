"""Bad: flips requires_grad, so `layer10.bias`, frozen before the call, is unfrozen -> freezes_matching: freeze_wrong(call=freeze(model, ['layer10']))"""


def freeze(model, prefixes):
    frozen = []
    for name, param in model.named_parameters():
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            param.requires_grad = not param.requires_grad
            frozen.append(name)
    return frozen
