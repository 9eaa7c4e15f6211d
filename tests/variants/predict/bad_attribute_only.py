"""Bad: model.training = was_training sets the top-level attribute only -> restores_mode: after predict, `fc1` is in eval mode; before, it was in training mode"""

import torch


def predict(model, x):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        out = model(x)
    model.training = was_training
    return out
