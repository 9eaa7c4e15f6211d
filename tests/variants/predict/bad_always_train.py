"""Bad: model.train() called afterwards whatever the mode was -> restores_mode: left_in_training_mode(module=norm)"""

import torch


def predict(model, x):
    model.eval()
    with torch.no_grad():
        out = model(x)
    model.train()
    return out
