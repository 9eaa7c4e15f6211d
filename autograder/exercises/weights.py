"""The grader's weights for a module probe, drawn from a layout: which `state_dict` entry gets which random draw.

A layout is read off the reference model (`layout_of`, full package) or from recorded observations (student
kit). Drawing from it (`draw`) needs no reference code, so the kit draws the very same public weights.

The draws are variance-preserving for convolutions and linear layers (so that even a deep network's output
depends on its input), and give BatchNorm affine weights and running statistics a default model would not
have (so that swapped, missing or train-mode normalisation shows in the output). Every other entry keeps the
value the reference was built with (`kept`).
"""

from __future__ import annotations

import contextlib
from collections import OrderedDict

import torch
from torch import nn

# kind -> (distribution, its two parameters); "weight" draws from N(0, 2 / fan_in).
KINDS = {
    "bias": ("normal", 0.0, 0.1),
    "bn_weight": ("uniform", 0.5, 1.5),
    "bn_bias": ("normal", 0.0, 0.2),
    "running_mean": ("normal", 0.0, 0.2),
    "running_var": ("uniform", 0.5, 2.0),
}


def _fan_in(module: nn.Module) -> int:
    if isinstance(module, nn.ConvTranspose2d):
        return module.weight.shape[0] * module.weight[0, 0].numel()
    return module.weight[0].numel()


def _draws(model: nn.Module):
    """(key, kind, fan_in, tensor) for every entry that gets a random draw, in drawing order."""
    for name, module in model.named_modules():
        prefix = f"{name}." if name else ""
        if isinstance(module, nn.Conv2d | nn.ConvTranspose2d | nn.Linear):
            yield prefix + "weight", "weight", _fan_in(module), module.weight
            if module.bias is not None:
                yield prefix + "bias", "bias", 0, module.bias
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            if module.affine:
                yield prefix + "weight", "bn_weight", 0, module.weight
                yield prefix + "bias", "bn_bias", 0, module.bias
            if module.running_mean is not None:
                yield prefix + "running_mean", "running_mean", 0, module.running_mean
                yield prefix + "running_var", "running_var", 0, module.running_var


def layout_of(model: nn.Module) -> dict:
    """What `draw` needs to rebuild the probe's weights for `model`'s architecture, as JSON data and tensors.

    Returns {"draws": [[key, kind, shape, dtype, fan_in], ...], "order": state_dict keys, "same": {key: drawn
    key} for entries that are the same tensor as a drawn one (a shared module), "kept": {key: tensor}}.
    """
    draws, drawn_ids = [], {}
    for key, kind, fan_in, tensor in _draws(model):
        draws.append([key, kind, list(tensor.shape), str(tensor.dtype).removeprefix("torch."), fan_in])
        drawn_ids[id(tensor)] = key
    state = model.state_dict(keep_vars=True)
    drawn = {d[0] for d in draws}
    same = {k: drawn_ids[id(v)] for k, v in state.items() if k not in drawn and id(v) in drawn_ids}
    kept = {k: v.detach().clone() for k, v in state.items() if k not in drawn and k not in same}
    return {"draws": draws, "order": list(state), "same": same, "kept": kept}


@contextlib.contextmanager
def on_the_cpu():
    """Tensors made inside are made on the CPU in float32, whatever a notebook set as torch's defaults
    (`torch.set_default_device("cuda")`, `torch.set_default_dtype(torch.float64)`): the probes are drawn alike
    on every machine, as the recorded ones were. Restores the default dtype on leaving."""
    dtype = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    try:
        with torch.device("cpu"):
            yield
    finally:
        torch.set_default_dtype(dtype)


def draw(layout: dict, generator: torch.Generator) -> OrderedDict:
    """The probe's state_dict: each drawn entry from `generator`, in the layout's order of draws."""
    values = {}
    for key, kind, shape, dtype, fan_in in layout["draws"]:
        tensor = torch.empty(shape, dtype=getattr(torch, dtype))
        if kind == "weight":
            tensor.normal_(0.0, (2.0 / fan_in) ** 0.5, generator=generator)
        else:
            distribution, a, b = KINDS[kind]
            getattr(tensor, f"{distribution}_")(a, b, generator=generator)
        values[key] = tensor
    state = OrderedDict()
    for key in layout["order"]:
        if key in values:
            state[key] = values[key]
        elif key in layout["same"]:
            state[key] = values[layout["same"][key]]
        else:
            state[key] = layout["kept"][key].clone()
    return state
