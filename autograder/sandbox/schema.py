"""What a driver's observation may look like, checked in the grader before any check reads it.

Everything the child sends is a lie until validated: `codec.decode` already refuses malformed messages (depth,
tensor specs, markers); this refuses well-formed observations of the wrong form (a string where a shape
belongs, a dict where a list does), so no check is ever handed one. A driver without a schema here is held to
the generic form (a dict whose `error`, if any, is a student's error, see `valid_error`, as are the errors
`ERRORS` finds inside it) and its checks are guarded one by one (see `grading.evaluate`).
"""

from __future__ import annotations

import torch

from autograder.jailed.codec import MAX_NAME, Unsendable
from autograder.jailed.observe.common import CAUSES, MAX_FRAMES, MAX_LINE, MAX_MESSAGE


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


# How much longer than its limit a string clipped by `codec.clip` may be: each control character it keeps is
# written as a visible escape of up to 6 characters, and what it cuts is noted (" … (+N)").
ESCAPED, CUT_NOTE = 6, 40


def _clipped(limit: int):
    """Text as `codec.clip(text, limit)` leaves it."""
    return lambda value: isinstance(value, str) and len(value) <= ESCAPED * limit + CUT_NOTE


def _facts(value, kinds: dict) -> bool:
    """A dict of exactly `kinds`' keys, each value of its kind."""
    return isinstance(value, dict) and set(value) == set(kinds) and all(k(value[n]) for n, k in kinds.items())


_NAME = _clipped(MAX_NAME)
# A cell of the submission, by kind (see `autograder.submission`): a notebook's by its number, a script's by its
# file and, when it has `# %%` cells, the line the cell starts at.
_PLACES = {
    "cell": {"kind": _text, "number": _count},
    "script": {"kind": _text, "file": _NAME},
    "script_cell": {"kind": _text, "file": _NAME, "line": _count},
}


def _place(value) -> bool:
    if not isinstance(value, dict) or type(value.get("kind")) is not str:
        return False
    kinds = _PLACES.get(value["kind"])
    return kinds is not None and _facts(value, kinds)


_FRAME = {
    "function": _NAME,
    "file": lambda v: _NAME(v) or _place(v),
    "line": _count,
    "code": _clipped(MAX_LINE),
}
# The facts a cause holds besides the type, message and frames every error has.
_CAUSE_FACTS = {"not_defined": {"name": _NAME}, "not_module": {"name": _NAME, "found": _NAME}}
_CAUSE_FACTS["too_large"] = {"megabytes": _count}


def valid_error(value) -> bool:
    """A student's error as the child describes it (see `jailed.observe.common.error_dict`): its type, message,
    at most MAX_FRAMES frames of {function, file (a name or a cell's place), line, code} and a known cause with
    its facts, every text within the limits the child clips it to, and nothing else."""
    if not isinstance(value, dict) or "cause" not in value:
        return False
    if not (value["cause"] is None or (type(value["cause"]) is str and value["cause"] in CAUSES)):
        return False
    kinds = {
        "type": _NAME,
        "message": _clipped(MAX_MESSAGE),
        "frames": lambda v: (
            isinstance(v, list) and len(v) <= MAX_FRAMES and all(_facts(f, _FRAME) for f in v)
        ),
        "cause": lambda v: True,
        **_CAUSE_FACTS.get(value["cause"], {}),
    }
    return _facts(value, kinds)


def _tensorish(value) -> bool:
    return isinstance(value, torch.Tensor | Unsendable)


def _output(value) -> bool:
    """One forward call's observation (see `jailed.observe.common.output_of`): an error, or a typed value."""
    if not isinstance(value, dict):
        return False
    if "error" in value:
        return valid_error(value["error"])
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
    "error": _optional(valid_error),
    "missing": _list_of(_text),
    "unexpected": _list_of(_text),
}
MODULE = {
    "type": _text,
    "structure": _STRUCTURE,
    "sequential_keys": _list_of(_text),
    "load": _LOAD,
    "strict_load": _optional(valid_error),
    "outputs": _list_of(_output),
    "trace": _list_of(_STEP),
    "trace_own_weights": lambda v: isinstance(v, bool),
    "gradients": lambda v: isinstance(v, dict),
    "sequence": lambda v: isinstance(v, dict),
}
SCHEMAS = {"module": MODULE}
# Where a driver's observation holds a student's error besides its top-level `error` ("*": each item of a list),
# and what is there: checked for every driver, those with a schema or not. A path the observation lacks is the
# checks' business (they are guarded one by one).
ERRORS = {
    "module": {
        "gradients.error": valid_error,
        "sequence.len.error": valid_error,
        "sequence.items.*.error": valid_error,
    },
    "buffers_after_calls": {
        "load.error": _optional(valid_error),
        "steps.*.output": _output,
        "steps.*.input_grad.error": valid_error,
        "into_batchnorm": _optional(valid_error),
        "from_batchnorm": _optional(valid_error),
    },
    "freeze": {"cases.*.error": valid_error},
    "extract_features": {"cases.*.raised.error": valid_error},
    "load_matching": {"cases.*.error": _optional(valid_error)},
    "extra_input": {"cases.*.outputs.*": _output, "cases.*.load.error": _optional(valid_error)},
}
# What a driver that takes sealed values (see `sealed`) commits before it may see them: the keys its commit must
# hold, and the ones it may hold. The grader keeps these from the commit and ignores them in the later reply.
COMMIT_REQUIRED = {"module": ("type", "structure"), "buffers_after_calls": ("type",)}
COMMITTED = {"module": ("type", "structure", "sequential_keys", "sequence"), "buffers_after_calls": ("type",)}


def validate(driver: str, observation) -> dict:
    """`observation` as the grader keeps it: of `driver`'s form, without keys its schema does not name (so a
    child cannot make the grader hold what no check reads). Raises Invalid, naming where, otherwise."""
    if not isinstance(observation, dict):
        raise Invalid("")
    if "error" in observation and not valid_error(observation["error"]):
        raise Invalid("error")
    for path, kind in ERRORS.get(driver, {}).items():
        if not all(kind(v) for v in _at(observation, path.split("."))):
            raise Invalid(path)
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


def _at(value, path: list[str]):
    """The values at `path` in `value` ("*" stands for each item of a list), where they are."""
    if not path:
        yield value
    elif path[0] == "*" and isinstance(value, list):
        for item in value:
            yield from _at(item, path[1:])
    elif isinstance(value, dict) and path[0] in value:
        yield from _at(value[path[0]], path[1:])


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
