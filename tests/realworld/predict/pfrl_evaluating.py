# source: pfnet/pfrl@a0ad6a7cd128e75334a359d7e5c54eddf32a2f7f:pfrl/utils/contexts.py (https://github.com/pfnet/pfrl/blob/a0ad6a7cd128e75334a359d7e5c54eddf32a2f7f/pfrl/utils/contexts.py)
# adapted: pfrl's evaluating(net) context manager used inside predict, with no_grad
# expect: fail known_mistake mistake=predict.top_level_flag

from contextlib import contextmanager

import torch


@contextmanager
def evaluating(net):
    """Temporarily switch to evaluation mode."""
    istrain = net.training
    try:
        net.eval()
        yield net
    finally:
        if istrain:
            net.train()


def predict(model, x):
    with evaluating(model), torch.no_grad():
        return model(x)
