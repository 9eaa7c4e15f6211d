"""Chapter 5: saving and loading. Exercises `load_matching`, `strip_prefix`, `checkpoint`, `extra_input`,
`port_weights` and `weight_norm`."""

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
        lenet: a trained LeNet, as the `lenet` exercise builds it (conv1, conv2, fc1, fc2, fc3; no pooling
            module). Its conv1, conv2, fc1 and fc2 are reused, the same module objects (not copies), and frozen,
            which freezes them in `lenet` too; its fc3 is left out. Its weights and modules stay as they were.
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


def port_weights(foreign: dict) -> OrderedDict:
    """Converts the weights of chapter 5's SmallNet, saved by another library, into SmallNet's own state dict.

    The other library names and groups the layers its own way and stores its kernels input-first:

    ==============================  ====================  ===========================================
    foreign key                     shape                 SmallNet's entry
    ==============================  ====================  ===========================================
    block1.conv.kernel              (3, 3, C, 8)          conv.weight (8, C, 3, 3): (kh, kw, in, out)
    block1.conv.bias                (8,)                  conv.bias
    block1.norm.gamma               (8,)                  bn.weight
    block1.norm.beta                (8,)                  bn.bias
    block1.norm.moving_mean         (8,)                  bn.running_mean
    block1.norm.moving_variance     (8,)                  bn.running_var
    head.dense.kernel               (128, num_classes)    fc.weight (num_classes, 128): (in, out)
    head.dense.bias                 (num_classes,)        fc.bias
    ==============================  ====================  ===========================================

    The foreign file has no batch counter: `bn.num_batches_tracked` may be `torch.tensor(0)` or left out (BatchNorm
    fills in a missing one when it loads a dict without metadata). The result loads into
    `SmallNet(C, num_classes)` with `strict=True` and computes what the foreign model computes.

    Args:
        foreign: the foreign state dict, keys and shapes as above; it is not modified.

    Returns:
        An OrderedDict with SmallNet's state_dict keys.
    """
    ### BEGIN SOLUTION
    return OrderedDict(
        [
            # (kh, kw, in, out) -> (out, in, kh, kw); (in, out) -> (out, in) below
            ("conv.weight", foreign["block1.conv.kernel"].permute(3, 2, 0, 1)),
            ("conv.bias", foreign["block1.conv.bias"]),
            ("bn.weight", foreign["block1.norm.gamma"]),
            ("bn.bias", foreign["block1.norm.beta"]),
            ("bn.running_mean", foreign["block1.norm.moving_mean"]),
            ("bn.running_var", foreign["block1.norm.moving_variance"]),
            ("bn.num_batches_tracked", torch.tensor(0)),
            ("fc.weight", foreign["head.dense.kernel"].t()),
            ("fc.bias", foreign["head.dense.bias"]),
        ]
    )
    ### END SOLUTION


class WeightNorm(nn.Module):
    """Weight normalisation as a parametrization: weight = g * v / ||v||, each row's norm taken over its inputs,
    so that g alone sets each output's scale and v only its direction.

    Registered with `nn.utils.parametrize.register_parametrization(linear, "weight", WeightNorm())`, it stores g
    and v in place of the weight (what `right_inverse` returns, in that order) and computes the weight from them
    whenever `linear.weight` is read.

    Shape:
        - forward: g (out_features, 1), v (out_features, in_features) -> weight (out_features, in_features)
        - right_inverse: weight -> g = the norm of each row, (out_features, 1), and v = weight
    """

    def forward(self, g: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        ### BEGIN SOLUTION
        return g * v / v.norm(dim=1, keepdim=True)  # (out, 1) * (out, in) / (out, 1)
        ### END SOLUTION

    def right_inverse(self, weight: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        ### BEGIN SOLUTION
        return weight.norm(dim=1, keepdim=True), weight
        ### END SOLUTION


def weight_normalize(linear: nn.Linear) -> nn.Linear:
    """Reparametrizes `linear.weight` with `WeightNorm`, in place, and returns the same layer.

    Afterwards `linear.weight` is unchanged (g and v are computed from it), and `linear.state_dict()` holds
    `bias`, `parametrizations.weight.original0` (g, (out_features, 1)) and `parametrizations.weight.original1`
    (v, (out_features, in_features)), the same keys as `nn.utils.parametrizations.weight_norm` writes.

    Args:
        linear: an nn.Linear.
    """
    ### BEGIN SOLUTION
    nn.utils.parametrize.register_parametrization(linear, "weight", WeightNorm())
    return linear
    ### END SOLUTION
