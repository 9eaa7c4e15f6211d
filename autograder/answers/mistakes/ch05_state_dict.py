"""Known mistakes in stripping a prefix, in checkpoints, in adding an input, in porting weights and in weight
normalisation (assignment 05_state_dict)."""

import copy
from collections import OrderedDict

import torch
import torch.nn.functional as F
from torch import nn

from autograder.answers.state_dict import LeNetWithMeta, WeightNorm, port_weights, save_checkpoint


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


def strip_replace_when_starts(state_dict, prefix="module."):
    """ReMake's clean_state_dict: startswith tested, then replace() removes the prefix everywhere in the key."""
    return OrderedDict(
        (k.replace(prefix, "") if k.startswith(prefix) else k, v) for k, v in state_dict.items()
    )


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


class CopiedLayers(LeNetWithMeta):
    """copy.deepcopy of LeNet's layers: new objects, so the trained LeNet and this model no longer share them."""

    def __init__(self, lenet, meta_features, num_classes):
        super().__init__(copy.deepcopy(lenet), meta_features, num_classes)


class NotFrozen(LeNetWithMeta):
    def __init__(self, lenet, meta_features, num_classes):
        super().__init__(lenet, meta_features, num_classes)
        for p in self.parameters():
            p.requires_grad = True


class MetaFirst(LeNetWithMeta):
    def forward(self, x, meta):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        features = F.relu(self.fc2(F.relu(self.fc1(torch.flatten(x, 1)))))
        return self.head(torch.cat([meta, features], dim=1))


class KeepsFc3(LeNetWithMeta):
    def __init__(self, lenet, meta_features, num_classes):
        super().__init__(lenet, meta_features, num_classes)
        self.fc3 = lenet.fc3


class HeadWithoutMeta(LeNetWithMeta):
    def __init__(self, lenet, meta_features, num_classes):
        super().__init__(lenet, meta_features, num_classes)
        self.head = nn.Linear(84, num_classes)


def _ported(foreign, **replaced):
    """The reference's port with some entries computed otherwise."""
    state = port_weights(foreign)
    state.update(replaced)
    return state


def port_dense_reshaped(foreign):
    """reshape instead of transpose: the right shape, the numbers in the wrong places."""
    kernel = foreign["head.dense.kernel"]
    return _ported(foreign, **{"fc.weight": kernel.reshape(kernel.shape[1], kernel.shape[0])})


def port_conv_reshaped(foreign):
    kernel = foreign["block1.conv.kernel"]
    return _ported(foreign, **{"conv.weight": kernel.reshape(kernel.shape[3], kernel.shape[2], 3, 3)})


def port_both_reshaped(foreign):
    """Both kernels reshaped to the shapes SmallNet's state_dict has (timm's remap_state_dict, allow_reshape)."""
    conv, dense = foreign["block1.conv.kernel"], foreign["head.dense.kernel"]
    return _ported(
        foreign,
        **{
            "conv.weight": conv.reshape(conv.shape[3], conv.shape[2], 3, 3),
            "fc.weight": dense.reshape(dense.shape[1], dense.shape[0]),
        },
    )


def port_kernel_flipped(foreign):
    """permute(3, 2, 1, 0): the channels right, each 3x3 kernel transposed (kh and kw swapped)."""
    return _ported(foreign, **{"conv.weight": foreign["block1.conv.kernel"].permute(3, 2, 1, 0)})


def port_gamma_beta_swapped(foreign):
    return _ported(
        foreign, **{"bn.weight": foreign["block1.norm.beta"], "bn.bias": foreign["block1.norm.gamma"]}
    )


class WeightNormColumns(WeightNorm):
    """Each column's norm (dim=0), over the outputs, where weight normalisation takes each row's."""

    def forward(self, g, v):
        return g * v / v.norm(dim=0, keepdim=True)


class WeightNormNoDivision(WeightNorm):
    def forward(self, g, v):
        return g * v


class WeightNormDetached(WeightNorm):
    """The norm computed outside autograd: the forward is right, the gradient of v misses the norm's part."""

    def forward(self, g, v):
        return g * v / v.norm(dim=1, keepdim=True).detach()


def _normalize_with(parametrization):
    def weight_normalize(linear):
        nn.utils.parametrize.register_parametrization(linear, "weight", parametrization())
        return linear

    return weight_normalize


MISTAKES = {
    "strip_prefix": {
        "strip_prefix.replace": {"strip_prefix": strip_replace},
        "strip_prefix.lstrip": {"strip_prefix": strip_lstrip},
        "strip_prefix.repeatedly": {"strip_prefix": strip_repeatedly},
        "strip_prefix.replace_when_starts": {"strip_prefix": strip_replace_when_starts},
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
    "extra_input": {
        "extra_input.copied": {"LeNetWithMeta": CopiedLayers},
        "extra_input.not_frozen": {"LeNetWithMeta": NotFrozen},
        "extra_input.cat_order": {"LeNetWithMeta": MetaFirst},
        "extra_input.keeps_fc3": {"LeNetWithMeta": KeepsFc3},
        "extra_input.head_without_meta": {"LeNetWithMeta": HeadWithoutMeta},
    },
    "port_weights": {
        "port_weights.dense_reshaped": {"port_weights": port_dense_reshaped},
        "port_weights.conv_reshaped": {"port_weights": port_conv_reshaped},
        "port_weights.both_reshaped": {"port_weights": port_both_reshaped},
        "port_weights.kernel_flipped": {"port_weights": port_kernel_flipped},
        "port_weights.gamma_beta_swapped": {"port_weights": port_gamma_beta_swapped},
    },
    "weight_norm": {
        "weight_norm.norm_over_columns": {"weight_normalize": _normalize_with(WeightNormColumns)},
        "weight_norm.no_division": {"weight_normalize": _normalize_with(WeightNormNoDivision)},
        "weight_norm.detached_norm": {"weight_normalize": _normalize_with(WeightNormDetached)},
    },
}
