"""Bad: the model is left in eval mode -> restores_mode: known_mistake(mistake=predict.stays_eval)"""

import torch


def predict(model, x):
    model.eval()
    with torch.no_grad():
        return model(x)
