"""Bad: the popular np.prod(p.size()) answer returns a numpy integer -> counts_all: count_not_int"""

import numpy as np


def count_parameters(model, trainable_only=False):
    return sum(np.prod(p.size()) for p in model.parameters() if p.requires_grad or not trainable_only)
