"""A probe's fingerprint: recorded observations are used only for the very probes they were recorded on.

A probe is its driver and parameters; its tensors are drawn from torch's random number generator. Three
digests of it, each from the values alone (never from how torch, the channel or a file lays them out):

- `fingerprint`: every value, exactly (dtype, shape and the little-endian bytes of each tensor);
- `form`: everything but the tensors' values (the driver, the configuration, each tensor's dtype and shape);
- `summary`: a few numbers per tensor (values at fixed positions, the mean, the mean absolute value), to tell
  draws that differ only in their last bits from other draws.

Why the last two: torch draws the same numbers on every machine only up to rounding. Its normal distribution
for float32 tensors of 16 or more values has a vectorised kernel on x86 CPUs with AVX2 and a scalar one
elsewhere (Apple silicon, other ARM machines): the two differ in the last bit of about a third of the values
(measured here with `ATEN_CPU_CAPABILITY=default`). Such probes are the same probes for the grader's tolerance;
probes drawn by another algorithm or in another order are not, and their summaries say so.
"""

from __future__ import annotations

import hashlib
import json
import sys

import torch

from autograder.exercises.spec import Probe

# Values a summary takes from each tensor, at fixed positions spread over it (first and last included).
POINTS = 8
# Two summaries are the same draws when every number differs by at most this fraction of the tensor's scale
# (its mean absolute value) plus the number itself: rounding in the last bit of float32 stays below 1e-6 of it,
# other draws differ by about the scale itself.
RTOL = 1e-5


def _canonical(value, tensor):
    """`value` as JSON data, each tensor replaced by `tensor(t)`; tuples as lists, like the channel."""
    if isinstance(value, torch.Tensor):
        return tensor(value)
    if isinstance(value, bytes | bytearray):
        return {"bytes": hashlib.sha256(value).hexdigest()}
    if isinstance(value, dict):
        return {str(k): _canonical(v, tensor) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v, tensor) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"a probe's parameters hold a {type(value).__name__}, which has no fingerprint")


def _plain(t: torch.Tensor) -> torch.Tensor:
    return t.detach().cpu().contiguous()


def _dtype(t: torch.Tensor) -> str:
    return str(t.dtype).removeprefix("torch.")


def _bytes(t: torch.Tensor) -> bytes:
    """The tensor's values as little-endian bytes, whatever the machine's byte order."""
    if not t.numel():
        return b""
    raw = _plain(t).reshape(-1).view(torch.uint8)
    if sys.byteorder == "big":
        raw = raw.reshape(-1, t.element_size()).flip(1).reshape(-1)
    return raw.numpy().tobytes()


def _digest(probe: Probe, tensor) -> str:
    tree = [probe.driver, _canonical(probe.params, tensor)]
    text = json.dumps(tree, separators=(",", ":"), ensure_ascii=True, allow_nan=True)
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(probe: Probe) -> str:
    """sha256 of the probe's driver and parameters, tensors by their dtype, shape and values."""
    return _digest(
        probe,
        lambda t: {
            "tensor": [_dtype(t), list(t.shape), hashlib.sha256(_bytes(t)).hexdigest()],
        },
    )


def form(probe: Probe) -> str:
    """sha256 of the probe without its tensors' values: what stays when torch draws other numbers."""
    return _digest(probe, lambda t: {"tensor": [_dtype(t), list(t.shape)]})


def tensors(value) -> list[torch.Tensor]:
    """The tensors in a probe's parameters, in the order `form` walks them."""
    found: list[torch.Tensor] = []
    _canonical(value, lambda t: found.append(t))
    return found


def summary(probe: Probe) -> torch.Tensor:
    """(number of tensors, POINTS + 2) float64: per tensor of the probe, its values at POINTS fixed positions,
    its mean and its mean absolute value (zeros for an empty tensor)."""
    rows = []
    for t in tensors(probe.params):
        flat = _plain(t).reshape(-1).to(torch.float64)
        if flat.numel() == 0:
            rows.append(torch.zeros(POINTS + 2, dtype=torch.float64))
            continue
        index = torch.linspace(0, flat.numel() - 1, POINTS).round().long()
        rows.append(torch.cat([flat[index], flat.mean().reshape(1), flat.abs().mean().reshape(1)]))
    return torch.stack(rows) if rows else torch.zeros(0, POINTS + 2, dtype=torch.float64)


def same_draws(found: torch.Tensor, recorded: torch.Tensor) -> bool:
    """Whether two summaries are of the same draws, up to rounding (see `RTOL`)."""
    if found.shape != recorded.shape:
        return False
    if not found.numel():
        return True
    scale = recorded[:, -1:].abs()  # each tensor's mean absolute value
    return bool(((found - recorded).abs() <= RTOL * (scale + recorded.abs())).all())
