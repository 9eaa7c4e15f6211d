"""What a driver's observation may look like, checked in the grader before any check reads it.

Everything the child sends is a lie until validated: `codec.decode` already refuses malformed messages (depth,
tensor specs, markers); this refuses well-formed observations of the wrong form (a string where a shape
belongs, a dict where a list does), so no check is ever handed one. A driver without a schema here is held to
the generic form (a dict whose `error`, if any, is a string) and its checks are guarded one by one (see
`grading.evaluate`).
"""

from __future__ import annotations

import torch

from autograder.jailed.codec import Unsendable


class Invalid(Exception):
    """The observation does not have its driver's form; `path` names where (`structure.parameters`; "" for the
    whole observation, "commit" for a commit that lacks what it must hold)."""

    def __init__(self, path: str):
        super().__init__(path)
        self.path = path


def _count(value) -> bool:
    return type(value) is int and value >= 0


def _shape(value) -> bool:
    return isinstance(value, list) and all(_count(d) for d in value)


def _text(value) -> bool:
    return isinstance(value, str)


def _row(*kinds):
    """A list of fixed length whose items are each of their kind."""

    def ok(value) -> bool:
        return (
            isinstance(value, list)
            and len(value) == len(kinds)
            and all(k(v) for k, v in zip(kinds, value, strict=True))
        )

    return ok


def _list_of(kind):
    return lambda value: isinstance(value, list) and all(kind(v) for v in value)


def _optional(kind):
    return lambda value: value is None or kind(value)


def _tensorish(value) -> bool:
    return isinstance(value, torch.Tensor | Unsendable)


def _output(value) -> bool:
    """One forward call's observation (see `jailed.observe.common.output_of`): an error, or a typed value."""
    if not isinstance(value, dict):
        return False
    if "error" in value:
        return _text(value["error"])
    if not _text(value.get("type")):
        return False
    if "tensor" in value and not _tensorish(value["tensor"]):
        return False
    if "too_large" in value and not _shape(value["too_large"]):
        return False
    if "keys" in value and not _list_of(_text)(value["keys"]):
        return False
    for key in ("values", "items"):
        if key in value and not _list_of(_output)(value[key]):
            return False
    return True


_STEP = _row(
    _text, _text, _optional(_shape), _optional(_tensorish), _text, _optional(lambda v: isinstance(v, dict))
)
_STRUCTURE = {
    "parameters": _list_of(_row(_text, _shape, _text, lambda v: isinstance(v, bool))),
    "buffers": _list_of(_row(_text, _shape)),
    "state_dict": _list_of(_row(_text, _shape)),
    "modules": _list_of(_row(_text, _text, _text)),
    "hidden": _list_of(lambda v: isinstance(v, dict)),
}
_LOAD = {
    "error": _optional(_text),
    "missing": _list_of(_text),
    "unexpected": _list_of(_text),
}
MODULE = {
    "type": _text,
    "structure": _STRUCTURE,
    "sequential_keys": _list_of(_text),
    "load": _LOAD,
    "strict_load": _optional(_text),
    "outputs": _list_of(_output),
    "trace": _list_of(_STEP),
    "trace_own_weights": lambda v: isinstance(v, bool),
    "gradients": lambda v: isinstance(v, dict),
    "sequence": lambda v: isinstance(v, dict),
}
SCHEMAS = {"module": MODULE}
# What a driver that takes sealed values (see `sealed`) commits before it may see them: the keys its commit must
# hold, and the ones it may hold. The grader keeps these from the commit and ignores them in the later reply.
COMMIT_REQUIRED = {"module": ("type", "structure"), "buffers_after_calls": ("type",)}
COMMITTED = {"module": ("type", "structure", "sequential_keys", "sequence"), "buffers_after_calls": ("type",)}


def validate(driver: str, observation) -> dict:
    """`observation` as the grader keeps it: of `driver`'s form, without keys its schema does not name (so a
    child cannot make the grader hold what no check reads). Raises Invalid, naming where, otherwise."""
    if not isinstance(observation, dict):
        raise Invalid("")
    if "error" in observation and not _text(observation["error"]):
        raise Invalid("error")
    schema = SCHEMAS.get(driver)
    if schema is None:
        return observation
    _walk(schema, observation, "")
    return {k: v for k, v in observation.items() if k in schema or k == "error"}


def validate_commit(driver: str, commit) -> dict:
    """A driver's commit, checked: a dict of its driver's form holding every key it must commit, and only keys
    it may commit. Raises Invalid otherwise (an empty commit would let the later reply decide the structure)."""
    if not isinstance(commit, dict) or driver not in COMMITTED:
        raise Invalid("commit")
    missing = [k for k in COMMIT_REQUIRED[driver] if k not in commit]
    if missing or not set(commit) <= set(COMMITTED[driver]):
        raise Invalid("commit")
    validate(driver, commit)
    return commit


def _walk(schema: dict, value: dict, where: str) -> None:
    for key, kind in schema.items():
        if key not in value:
            continue
        path = f"{where}.{key}" if where else key
        if isinstance(kind, dict):
            if not isinstance(value[key], dict):
                raise Invalid(path)
            _walk(kind, value[key], path)
        elif not kind(value[key]):
            raise Invalid(path)
