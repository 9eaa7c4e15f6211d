"""Good: filter() with a lambda for trainable_only, math.prod over each parameter's shape."""

import math


def count_parameters(model, trainable_only=False):
    params = model.parameters()
    if trainable_only:
        params = filter(lambda p: p.requires_grad, params)
    return sum(math.prod(p.shape) for p in params)
