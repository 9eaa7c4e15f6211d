"""Bad: only the top-level flag remembered and restored with model.train(was_training) -> restores_mode: sets every submodule to the same mode"""

import torch


def predict(model, x):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        out = model(x)
    model.train(was_training)
    return out
