"""Bad: model.eval written without the call -> eval_output: known_mistake(mistake=predict.train_mode)"""

import torch


def predict(model, x):
    flags = {m: m.training for m in model.modules()}
    model.eval  # noqa: B018
    with torch.no_grad():
        out = model(x)
    for m, flag in flags.items():
        m.training = flag
    return out
