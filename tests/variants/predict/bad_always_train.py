"""Bad: model.train() called afterwards whatever the mode was -> restores_mode: after predict, `norm` is in training mode; before, it was in eval mode"""

import torch


def predict(model, x):
    model.eval()
    with torch.no_grad():
        out = model(x)
    model.train()
    return out
