"""What a check found, as data: renderers (text, HTML, JSON) turn findings into what a student reads.

A check never writes sentences. It returns `Finding`s; `autograder.i18n` renders each one from a catalogue
template of its `code`, in the student's language.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Finding:
    """One fact a check established about a submission.

    Attributes:
        code: stable identifier of what was found, e.g. `param_not_registered`, `shape_transposed`,
            `values_differ`, `not_defined`, `known_mistake`. Each code has one template per language in
            `autograder/i18n/<lang>.toml` (the `[findings]` table); tests check every code has both.
        check: the name of the check it belongs to (e.g. `parameter_shapes`); set by the grader, "" until then.
        subject: what it is about, as data: any of `config` (the module built, e.g. "LeNet(in_channels=1)"),
            `parameter`, `buffer`, `key`, `layer`, `name`, `call`, `case`, `cell`/`line`, `mistake` (the id of a
            known mistake, for `known_mistake`), `check` (for `passed`, "<exercise>.<check>").
        data: the facts, as JSON values: `expected`, `found`, shapes as lists of ints, `trace` (a list of
            [layer, shape] pairs), `names` lists, a student's `error` text, a nested finding under `problem`
            (as a dict, see `to_dict`).

    Values are kept JSON-native (tuples become lists, non-finite floats become strings), so a finding survives
    `Finding.from_dict(f.to_dict()) == f`.
    """

    code: str
    subject: dict = field(default_factory=dict)
    data: dict = field(default_factory=dict)
    check: str = ""

    def __post_init__(self):
        object.__setattr__(self, "subject", jsonable(self.subject))
        object.__setattr__(self, "data", jsonable(self.data))

    def to_dict(self) -> dict:
        return {"code": self.code, "check": self.check, "subject": self.subject, "data": self.data}

    @classmethod
    def from_dict(cls, d: dict) -> Finding:
        return cls(d["code"], d.get("subject") or {}, d.get("data") or {}, d.get("check", ""))

    def with_check(self, check: str) -> Finding:
        return Finding(self.code, self.subject, self.data, check)

    def codes(self) -> list[str]:
        """This finding's code and those of the findings nested in its data (e.g. a `problem`)."""
        nested = [v for v in self.data.values() if isinstance(v, dict) and "code" in v]
        return [self.code] + [c for n in nested for c in Finding.from_dict(n).codes()]


def jsonable(value):
    """`value` as JSON would give it back: lists for tuples and shapes, str keys, finite floats or strings."""
    if isinstance(value, Finding):
        return value.to_dict()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, bool) or value is None or isinstance(value, str | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if hasattr(value, "__index__"):
        return int(value)
    try:
        return jsonable(float(value))
    except (TypeError, ValueError):
        return str(value)


def finding(code: str, subject: dict | None = None, /, **data) -> Finding:
    """Shorthand used by checks: `finding("shape_mismatch", {"parameter": name}, expected=..., found=...)`."""
    return Finding(code, subject or {}, data)
