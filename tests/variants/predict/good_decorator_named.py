"""Good: @torch.no_grad() as a decorator, flags by name, restored top-down with get_submodule(name).train(flag) in a finally block."""

import torch
from torch import nn


@torch.no_grad()
def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    modes = {name: module.training for name, module in model.named_modules()}
    model.eval()
    try:
        return model(x)
    finally:
        for name, training in modes.items():
            model.get_submodule(name).train(training)
