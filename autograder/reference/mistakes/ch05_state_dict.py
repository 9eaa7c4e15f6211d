"""Known mistakes in stripping a prefix and in checkpoints (assignment 05_state_dict)."""

from collections import OrderedDict

import torch

from autograder.reference.state_dict import save_checkpoint


def strip_replace(state_dict, prefix="module."):
    return OrderedDict((k.replace(prefix, ""), v) for k, v in state_dict.items())


def strip_lstrip(state_dict, prefix="module."):
    return OrderedDict((k.lstrip(prefix), v) for k, v in state_dict.items())


def strip_repeatedly(state_dict, prefix="module."):
    out = OrderedDict()
    for k, v in state_dict.items():
        while k.startswith(prefix):
            k = k[len(prefix) :]
        out[k] = v
    return out


def strip_everything(state_dict, prefix="module."):
    return OrderedDict((k[len(prefix) :], v) for k, v in state_dict.items())


def strip_hard_coded_length(state_dict, prefix="module."):
    """The forum's DataParallel snippet: len("module.") == 7 cut from every key, whatever the prefix."""
    return OrderedDict((k[7:], v) for k, v in state_dict.items())


def strip_hard_coded_length_checked(state_dict, prefix="module."):
    return OrderedDict((k[7:] if k.startswith(prefix) else k, v) for k, v in state_dict.items())


def save_without_optimizer(path, model, optimizer, epoch):
    torch.save({"epoch": epoch, "model": model.state_dict()}, path)


def load_without_optimizer(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    return checkpoint["epoch"]


def load_without_model(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]


MISTAKES = {
    "strip_prefix": {
        "strip_prefix.replace": {"strip_prefix": strip_replace},
        "strip_prefix.lstrip": {"strip_prefix": strip_lstrip},
        "strip_prefix.repeatedly": {"strip_prefix": strip_repeatedly},
        "strip_prefix.cut_every_key": {"strip_prefix": strip_everything},
        "strip_prefix.hard_coded_length": {"strip_prefix": strip_hard_coded_length},
        "strip_prefix.hard_coded_length_checked": {"strip_prefix": strip_hard_coded_length_checked},
    },
    "checkpoint": {
        "checkpoint.no_optimizer": {
            "save_checkpoint": save_without_optimizer,
            "load_checkpoint": load_without_optimizer,
        },
        "checkpoint.model_not_loaded": {
            "save_checkpoint": save_checkpoint,
            "load_checkpoint": load_without_model,
        },
    },
}
