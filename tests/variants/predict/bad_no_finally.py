"""Bad: every flag remembered and restored, but not in a finally block, so an error in forward leaves the model in eval mode -> restores_mode: modes_not_restored_on_error(module=(model))"""

import torch


def predict(model, x):
    flags = {m: m.training for m in model.modules()}
    model.eval()
    with torch.no_grad():
        out = model(x)
    for m, flag in flags.items():
        m.training = flag
    return out
