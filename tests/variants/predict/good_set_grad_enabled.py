"""Good: torch.set_grad_enabled(False) as a context manager, then, in a finally block, the eval flags undone module by module."""

import torch


def predict(model, x):
    in_eval = [m for m in model.modules() if not m.training]
    model.eval()
    try:
        with torch.set_grad_enabled(False):
            y = model(x)
    finally:
        model.train()
        for m in in_eval:
            m.eval()
    return y
