"""Chapter 5: saving and loading. Exercises `load_matching`, `strip_prefix`, `checkpoint` and `extra_input`."""

from collections import OrderedDict

import torch
import torch.nn.functional as F
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


class LeNetWithMeta(nn.Module):
    """A trained LeNet given an extra input: its layers up to fc2, reused and frozen, and a new head that sees
    the 84 image features next to `meta_features` numbers per image (e.g. a patient's age beside an X-ray).

    Args:
        lenet: a trained LeNet (chapter 1's names). Its conv1, conv2, fc1 and fc2 are reused, the same module
            objects (not copies), and frozen; its fc3 is left out.
        meta_features: number of extra numbers per image.
        num_classes: number of output logits.

    Shape:
        - Input: x (N, 3, 32, 32) (lenet's in_channels), meta (N, meta_features)
        - Output: (N, num_classes)

    Attributes:
        conv1, conv2, fc1, fc2: lenet's own modules, every parameter with requires_grad=False:
            conv1.weight (6, 3, 5, 5), conv1.bias (6,), conv2.weight (16, 6, 5, 5), conv2.bias (16,),
            fc1.weight (120, 400), fc1.bias (120,), fc2.weight (84, 120), fc2.bias (84,)
        head.weight: (num_classes, 84 + meta_features), head.bias: (num_classes,), trainable

    So `load_state_dict(lenet.state_dict(), strict=False)` loads LeNet's entries by name and reports only
    `head.*` missing and `fc3.*` unexpected.
    """

    def __init__(self, lenet: nn.Module, meta_features: int, num_classes: int):
        super().__init__()
        ### BEGIN SOLUTION
        self.conv1 = lenet.conv1
        self.conv2 = lenet.conv2
        self.fc1 = lenet.fc1
        self.fc2 = lenet.fc2
        for p in self.parameters():
            p.requires_grad = False
        self.head = nn.Linear(84 + meta_features, num_classes)
        ### END SOLUTION

    def forward(self, x: torch.Tensor, meta: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)  # (N, 6, 14, 14)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)  # (N, 16, 5, 5)
        x = F.relu(self.fc1(torch.flatten(x, 1)))  # (N, 120)
        features = F.relu(self.fc2(x))  # (N, 84)
        return self.head(torch.cat([features, meta], dim=1))  # (N, 84 + meta_features) -> (N, num_classes)
        ### END SOLUTION
