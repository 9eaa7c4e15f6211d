"""Bad: model.training = was_training sets the top-level attribute only -> restores_mode: left_in_eval_mode(module=fc1)"""

import torch


def predict(model, x):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        out = model(x)
    model.training = was_training
    return out
