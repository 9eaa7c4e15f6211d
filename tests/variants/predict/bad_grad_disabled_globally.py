"""Bad: torch.set_grad_enabled(False) called and never undone, so later training gets no gradients -> no_autograd_graph: grad_mode_left_off(case=predict.0)"""

import torch


def predict(model, x):
    flags = {m: m.training for m in model.modules()}
    model.eval()
    torch.set_grad_enabled(False)
    out = model(x)
    for m, flag in flags.items():
        m.training = flag
    return out
