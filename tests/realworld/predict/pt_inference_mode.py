# source: pytorch/tutorials@c53e7d4efc0e39e455c531d21ec7db28ba220214:beginner_source/blitz/cifar10_tutorial.py (https://github.com/pytorch/tutorials/blob/c53e7d4efc0e39e455c531d21ec7db28ba220214/beginner_source/blitz/cifar10_tutorial.py)
# adapted: torch.inference_mode() instead of no_grad(), flags restored in finally
# expect: pass

import torch


def predict(model, x):
    modes = {m: m.training for m in model.modules()}
    model.eval()
    try:
        with torch.inference_mode():
            return model(x)
    finally:
        for m, mode in modes.items():
            m.train(mode)
