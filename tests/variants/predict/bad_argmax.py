"""Bad: returns the predicted classes instead of the model's output -> eval_output: predict_output_differs(case=predict.0)"""

import torch


def predict(model, x):
    flags = {m: m.training for m in model.modules()}
    model.eval()
    with torch.no_grad():
        out = model(x).argmax(dim=1)
    for m, flag in flags.items():
        m.training = flag
    return out
