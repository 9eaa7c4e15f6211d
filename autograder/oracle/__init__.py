"""The oracle a submission is judged by: what the reference and the known mistakes do on an exercise's probes.

Two sources, one interface (`layout`, `expected`, `mistakes`, `signature`):
- `live`: computed from `autograder.answers` in the grader's process, on public or hidden probes (the full
  package: instructors, self-learners, grading);
- `recorded`: read from the observations `record` wrote from the reference on the public probes (the student
  kit, which has no reference code).

`get()` picks `live` where `autograder.answers` exists, unless `AUTOGRADER_ORACLE=recorded` asks for the
recorded one (how the tests hold kit feedback equal to full-package feedback).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import threading

_oracle = None
_lock = threading.Lock()


class OracleUnavailable(Exception):
    """What the grader was asked needs the reference, and this installation has none (the student kit).

    `finding` says which (a code and its facts, worded by the catalogues); the exception's text is English,
    for logs."""

    def __init__(self, code: str, /, **facts):
        from autograder import i18n
        from autograder.findings import finding

        self.finding = finding(code, **facts)
        super().__init__(i18n.render(self.finding, "en"))


@functools.cache
def _has_reference() -> bool:
    return importlib.util.find_spec("autograder.answers") is not None


def mode() -> str:
    """Which oracle this process uses, "live" or "recorded": see the module docstring."""
    if os.environ.get("AUTOGRADER_ORACLE") == "recorded":
        return "recorded"
    return "live" if _has_reference() else "recorded"


def get():
    """The process's oracle (one per process: its results are memoised)."""
    global _oracle
    with _lock:
        wanted = mode()
        if _oracle is None or _oracle.name != wanted:
            if wanted == "live":
                from autograder.answers.live import Live

                _oracle = Live()
            else:
                from autograder.oracle.recorded import Recorded

                _oracle = Recorded()
        return _oracle
