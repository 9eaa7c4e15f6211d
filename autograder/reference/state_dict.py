"""Chapter 5: saving and loading. Exercises `load_matching`, `strip_prefix` and `checkpoint`."""

from collections import OrderedDict

import torch
from torch import nn


def load_matching(model: nn.Module, state_dict: dict) -> list[str]:
    """Loads the entries of `state_dict` that fit `model`, for fine-tuning from a related model.

    An entry fits when its key is in `model.state_dict()` and its shape is the same. Everything else is
    skipped without an error, and the caller's `state_dict` is left untouched.

    Args:
        model: the module to load into.
        state_dict: a mapping from keys to tensors, e.g. a pretrained model's `state_dict()`.

    Returns:
        The keys that were loaded, in the order of `state_dict`.
    """
    ### BEGIN SOLUTION
    own = model.state_dict()
    matching = {k: v for k, v in state_dict.items() if k in own and own[k].shape == v.shape}
    model.load_state_dict(matching, strict=False)
    return list(matching)
    ### END SOLUTION


def strip_prefix(state_dict: dict, prefix: str = "module.") -> OrderedDict:
    """Removes `prefix` from the start of every key that has it (e.g. the "module." nn.DataParallel adds).

    Args:
        state_dict: a mapping from keys to tensors.
        prefix: the text to remove from the start of keys. Default: "module.".

    Returns:
        A new OrderedDict with the same values in the same order. Keys that do not start with `prefix`
        are kept as they are; an occurrence of `prefix` elsewhere in a key is not touched.
    """
    ### BEGIN SOLUTION
    return OrderedDict(
        (key[len(prefix) :] if key.startswith(prefix) else key, value) for key, value in state_dict.items()
    )
    ### END SOLUTION


def save_checkpoint(path, model: nn.Module, optimizer: torch.optim.Optimizer, epoch: int) -> None:
    """Saves everything needed to resume training: weights, optimizer state and the epoch.

    The file holds only tensors and plain Python values, so `torch.load(path, weights_only=True)` reads it.

    Args:
        path: where to write the checkpoint.
        model: the model being trained.
        optimizer: its optimizer (momentum buffers, Adam's moment estimates and step counts live here).
        epoch: the epoch just finished.
    """
    ### BEGIN SOLUTION
    torch.save(
        {"epoch": epoch, "model": model.state_dict(), "optimizer": optimizer.state_dict()},
        path,
    )
    ### END SOLUTION


def load_checkpoint(path, model: nn.Module, optimizer: torch.optim.Optimizer) -> int:
    """Restores a checkpoint written by `save_checkpoint` into `model` and `optimizer`.

    Args:
        path: the checkpoint file.
        model: a model of the same architecture.
        optimizer: an optimizer over `model`'s parameters, of the same type and settings.

    Returns:
        The epoch stored in the checkpoint.
    """
    ### BEGIN SOLUTION
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]
    ### END SOLUTION
