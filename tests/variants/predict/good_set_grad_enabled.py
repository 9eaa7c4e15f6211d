"""Good: torch.set_grad_enabled(False) as a context manager, then the eval flags undone module by module."""

import torch


def predict(model, x):
    in_eval = [m for m in model.modules() if not m.training]
    model.eval()
    with torch.set_grad_enabled(False):
        y = model(x)
    model.train()
    for m in in_eval:
        m.eval()
    return y
