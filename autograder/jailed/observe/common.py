"""What every observer shares: the nn.Module methods captured before student code runs, student errors
as the student reads them (their own line), a forward output as plain data, and the guard that turns a student's
exception into an observation."""

from __future__ import annotations

import os
import re
import sys
import traceback

import torch
from torch import nn

from autograder.jailed import codec

BASE = nn.Module  # Captured before any student code runs: students may patch nn.Module's methods.
TRAIN = nn.Module.train
NAMED_PARAMETERS = nn.Module.named_parameters
NAMED_BUFFERS = nn.Module.named_buffers
NAMED_MODULES = nn.Module.named_modules
STATE_DICT = nn.Module.state_dict
LOAD_STATE_DICT = nn.Module.load_state_dict
REGISTER_HOOK = nn.Module.register_forward_hook
REGISTER_PRE_HOOK = nn.Module.register_forward_pre_hook
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # terminal colours some libraries put in their messages
MAX_OUTPUT_ELEMENTS = 16_000_000  # 64 MB of float32: more is not an answer to any exercise.
MAX_OUTPUT_ITEMS = 64  # entries of a returned dict or tuple
# Student-controlled text is clipped where it is observed: a 4 MB exception message costs a few KB, once.
MAX_MESSAGE = 1000  # characters of an exception's message
MAX_LINE = 200  # characters of a source line quoted from a traceback
MAX_TRACE = 256  # steps of one traced forward call: more are cut, and a last step says so
# The functions a shape trace records besides layers: pooling, flattening and reshaping, activations (the
# in-place spellings, relu_, count as theirs). By `__name__`, which torch.relu, F.relu and Tensor.relu share.
TRACED_FUNCTIONS = frozenset(
    {f"{kind}_pool{d}d" for kind in ("max", "avg", "adaptive_max", "adaptive_avg", "lp") for d in (1, 2, 3)}
    | {"flatten", "unflatten", "view", "reshape", "squeeze", "unsqueeze"}
    | {"relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "mish", "hardtanh"}
    | {"hardswish", "hardsigmoid", "sigmoid", "tanh", "softplus", "softmax", "log_softmax", "softmin"}
)

_INTERNAL = tuple(
    os.path.dirname(os.path.abspath(m.__file__)) + os.sep
    for m in (torch, os, sys.modules["autograder"])
    if getattr(m, "__file__", None)
)


class StudentError(Exception):
    """An exception raised by student code, already formatted for the student."""


def describe_exception(exc: BaseException) -> str:
    """`Type: message`, then the student's own line where it failed (not the grader's or torch's).

    Clipped: the message to MAX_MESSAGE characters, each quoted line to MAX_LINE, at most three frames.
    """
    message = _message(exc)
    if type(exc) is NotImplementedError and not message:
        text = (
            "NotImplementedError: not implemented yet (replace `raise NotImplementedError()` with your code)"
        )
    else:
        kind = codec.clip(type(exc).__name__, codec.MAX_NAME)
        text = ANSI.sub("", f"{kind}: {codec.clip(message, MAX_MESSAGE)}".strip())
    if isinstance(exc, MemoryError) or "can't allocate memory" in text:
        text = "memory limit: the submission tried to use more memory than it may\n" + text[:300]
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if (f.filename.startswith("<") and not f.filename.startswith("<frozen"))
        or not (f.filename.startswith("<") or os.path.abspath(f.filename).startswith(_INTERNAL))
    ]
    if frames:
        for f in frames[-3:]:
            where = f.filename.strip("<>") if f.filename.startswith("<") else os.path.basename(f.filename)
            line = f" `{codec.clip(f.line.strip(), MAX_LINE)}`" if f.line else ""
            name, where = clip_name(f.name), clip_name(where)
            text += f"\n  in {name}, {where} line {f.lineno}:{line}"
    return text


def _message(exc: BaseException) -> str:
    """str(exc), or a stand-in when the student's exception cannot say what it is."""
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001 (a student's __str__ may raise anything)
        return "(its message could not be read)"
    return message if type(message) is str else "(its message could not be read)"


def call_student(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 (student code may raise anything)
        raise StudentError(describe_exception(exc)) from None


def lookup_name(namespace: dict, name: str):
    if name not in namespace:
        raise StudentError(f"`{name}` is not defined")
    return namespace[name]


def shape_of(t) -> list[int]:
    return list(t.shape)


def clip_name(text: str) -> str:
    return codec.clip(text, codec.MAX_NAME)


def observed(value):
    """A tensor as an observation holds it: plain, dense and detached, or a `codec.Unsendable` saying what
    it was (sparse, meta, ...), so that the grader judges the same thing whichever side ran the driver."""
    return codec.plain(value) if isinstance(value, torch.Tensor) else value


def observed_state(state) -> dict:
    return {clip_name(str(k)): observed(v) for k, v in state.items()}


def output_of(value, nested: bool = False, budget: list | None = None) -> dict:
    """What forward returned: a tensor, or a dict or a tuple (or list) of tensors, one level deep.

    {"type": "Tensor", "tensor"}; {"type", "keys", "values"} for a dict (its keys in order, as str, and one
    observation per value); {"type", "items"} for a tuple or a list; {"type"} for anything else. At most
    MAX_OUTPUT_ITEMS entries, and MAX_OUTPUT_ELEMENTS values in all (a tensor past that is "too_large").
    """
    budget = [MAX_OUTPUT_ELEMENTS] if budget is None else budget
    if isinstance(value, torch.Tensor):
        marker = codec.unsendable(value)
        if marker is None and value.numel() > budget[0]:
            return {"type": "Tensor", "too_large": shape_of(value)}
        if marker is None:
            budget[0] -= value.numel()
        return {"type": "Tensor", "tensor": marker or codec.plain(value)}
    kind = clip_name(type(value).__name__)
    if nested:
        return {"type": kind}
    if isinstance(value, dict):
        # dict's own items() and tuple's or list's own iterator, never a subclass's: the output is read, not asked.
        pairs = list(dict.items(value))[:MAX_OUTPUT_ITEMS]
        return {
            "type": kind,
            "keys": [key_of(k) for k, _ in pairs],
            "values": [output_of(v, True, budget) for _, v in pairs],
        }
    if isinstance(value, tuple | list):
        items = list((tuple if isinstance(value, tuple) else list).__iter__(value))[:MAX_OUTPUT_ITEMS]
        return {"type": kind, "items": [output_of(v, True, budget) for v in items]}
    return {"type": kind}


def key_of(key) -> str:
    """A dict key as the student's output has it: a str as it is, anything else as its repr."""
    return clip_name(key) if type(key) is str else clip_name(repr(key))


def names_or_repr(value):
    """A returned list (or tuple) of names as a list of str; anything else as its repr, for the message."""
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    return repr(value)


def guarded(fn):
    """Runs a driver step; a StudentError becomes {"error": message} instead of propagating."""

    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except StudentError as exc:
            return {"error": str(exc)}

    wrapper.__name__ = fn.__name__
    return wrapper
