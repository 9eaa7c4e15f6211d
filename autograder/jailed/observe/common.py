"""What every observer shares: the nn.Module methods captured before student code runs, student errors as
data (their type, message and the student's own lines, worded by the grader), a forward output as plain data,
and the guard that turns a student's exception into an observation."""

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


# What words an error's first line instead of its "Type: message" (see `error_dict`).
CAUSES = (
    *("stub", "memory", "unreadable", "exit", "interrupt", "recursion"),
    *("not_defined", "not_module", "too_large"),
)
MAX_FRAMES = 3  # frames of the student's own code quoted from a traceback, innermost last
MAX_MEMORY = 300  # characters of "Type: message" kept after the note that memory ran out
# The cells of the submission by the file name the child compiled each under: a frame in one of them names the
# cell's place as the grader gave it (a notebook's cell number, a script's line), not a file name.
CELL_FILES: dict[str, dict] = {}


class StudentError(Exception):
    """An exception raised by student code, or what the grader found instead of an answer, as an error dict
    (see `error_dict`) in `error`."""

    def __init__(self, error: dict):
        super().__init__(error)
        self.error = error


def error_dict(kind: str, message: str = "", frames=(), cause: str | None = None, **facts) -> dict:
    """A student's error as data, which the grader words in the student's language (`{x:error}` in
    `autograder.i18n`; the sentences are the catalogues' `[errors]`):

    - `type`: the exception's class name ("" where the grader found the problem without one);
    - `message`: its message, as Python or the student's code wrote it;
    - `frames`: where it was raised in the student's own code, innermost last, at most MAX_FRAMES, each
      {"function", "file", "line", "code"}: `file` a file's name, or the place of a cell of the submission (see
      CELL_FILES); `code` the line's text, "" where it cannot be read;
    - `cause`: None, or what words its first line instead of "Type: message": "stub" (a bare
      NotImplementedError, the exercise's placeholder), "memory" (memory ran out), "unreadable" (the message
      could not be read), "exit" (a cell called exit(); `message` is the code's repr), "interrupt"
      (KeyboardInterrupt), "recursion" (RecursionError), and, found by the grader, "not_defined" (with
      `name`), "not_module" (`name` of the factory called, `found`: the class name of what it returned),
      "too_large" (the observation is over `megabytes` MB).
    """
    return {"type": kind, "message": message, "frames": list(frames), "cause": cause, **facts}


def describe_exception(exc: BaseException) -> dict:
    """A student's exception as an error dict (see `error_dict`), with the student's own frames where it
    failed (not the grader's or torch's).

    Clipped: the message to MAX_MESSAGE characters (ANSI colours stripped), each quoted line to MAX_LINE, names
    to codec.MAX_NAME, at most MAX_FRAMES frames.
    """
    kind = clip_name(type(exc).__name__)
    message = _message(exc)
    cause = None
    if isinstance(exc, MemoryError) or (message and "can't allocate memory" in message):
        cause = "memory"
        message = (message or "")[: max(0, MAX_MEMORY - len(kind) - 2)]
    elif message is None:
        cause, message = "unreadable", ""
    elif type(exc) is NotImplementedError and not message:
        cause = "stub"
    message = codec.clip(ANSI.sub("", message), MAX_MESSAGE).rstrip()
    return error_dict(kind, message, _frames(exc), cause)


def _frames(exc: BaseException) -> list[dict]:
    """The student's own frames of `exc`'s traceback (neither the grader's nor torch's), the last MAX_FRAMES."""
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if (f.filename.startswith("<") and not f.filename.startswith("<frozen"))
        or not (f.filename.startswith("<") or os.path.abspath(f.filename).startswith(_INTERNAL))
    ]
    return [
        {
            "function": clip_name(f.name),
            "file": _file(f.filename),
            "line": f.lineno if type(f.lineno) is int else 0,
            "code": codec.clip(f.line.strip(), MAX_LINE) if f.line else "",
        }
        for f in frames[-MAX_FRAMES:]
    ]


def _file(filename: str):
    """A frame's file: the place of a cell of the submission (see CELL_FILES), else `file_name`."""
    cell = CELL_FILES.get(filename)
    if isinstance(cell, dict):
        return dict(cell)
    return file_name(filename)


def file_name(filename: str) -> str:
    """How a frame names the file Python compiled its code from: "<cell 1>" as "cell 1", a path by its base name."""
    return clip_name(filename.strip("<>") if filename.startswith("<") else os.path.basename(filename))


def _message(exc: BaseException) -> str | None:
    """str(exc); None when the student's exception cannot say what it is (its __str__ raises, or is not a str)."""
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001 (a student's __str__ may raise anything)
        return None
    return message if type(message) is str else None


def call_student(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 (student code may raise anything)
        raise StudentError(describe_exception(exc)) from None


def lookup_name(namespace: dict, name: str):
    if name not in namespace:
        raise StudentError(error_dict("", cause="not_defined", name=clip_name(name)))
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
    """Runs a driver step; a StudentError becomes {"error": its error dict} instead of propagating."""

    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except StudentError as exc:
            return {"error": exc.error}

    wrapper.__name__ = fn.__name__
    return wrapper
