"""Good: torch.inference_mode(), the flags kept in a list zipped back with model.modules() in a finally block."""

import torch


def predict(model, x):
    flags = [m.training for m in model.modules()]
    model.eval()
    try:
        with torch.inference_mode():
            out = model(x)
    finally:
        for m, flag in zip(model.modules(), flags, strict=True):
            m.train(flag)
    return out
