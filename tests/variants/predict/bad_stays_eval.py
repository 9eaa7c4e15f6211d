"""Bad: the model is left in eval mode -> restores_mode: the model is left in eval mode"""

import torch


def predict(model, x):
    model.eval()
    with torch.no_grad():
        return model(x)
