"""What a class run was asked for (`python -m autograder grade`'s options), in a module of its own: the CLI's
parser shows these defaults for `check` too, on every platform, without importing class grading (whose output
folder lock and `submitted/` reader are POSIX's)."""

from __future__ import annotations

from dataclasses import dataclass

from autograder.exercises.spec import PUBLIC, ProbeSet


@dataclass(frozen=True)
class Options:
    workers: int = 2
    timeout: float = 120.0
    memory_mb: int = 2048
    force: bool = False
    probe_set: ProbeSet = PUBLIC  # `grade` passes the hidden one (see autograder/secret.py)
    lang: str | None = None
