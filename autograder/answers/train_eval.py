"""Chapter 8: train and eval modes. Exercise `predict`."""

import torch
from torch import nn


def predict(model: nn.Module, x: torch.Tensor) -> torch.Tensor:
    """The output of `model(x)` in eval mode, without building an autograd graph.

    Every submodule's `training` flag is put back as it was, even when the submodules did not all agree,
    and even when `model(x)` raises (the error still reaches the caller). Autograd is on again afterwards.

    Args:
        model: the model.
        x: its input.
    """
    ### BEGIN SOLUTION
    was_training = {module: module.training for module in model.modules()}
    model.eval()
    try:
        with torch.no_grad():
            return model(x)
    finally:
        for module, flag in was_training.items():
            module.training = flag
    ### END SOLUTION
