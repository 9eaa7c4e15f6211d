"""Bad: only the top-level flag remembered and restored with model.train(was_training) -> restores_mode: known_mistake(mistake=predict.top_level_flag)"""

import torch


def predict(model, x):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        out = model(x)
    model.train(was_training)
    return out
