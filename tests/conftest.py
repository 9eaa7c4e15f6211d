"""Shared test helpers. Tests are the specification: read them to learn what the grader promises."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = ROOT / "tests" / "variants"
PYTHON = sys.executable

# Kernels and sandboxes started by tests share 2 cores with the test workers: one thread each is fastest.
os.environ.setdefault("OMP_NUM_THREADS", "1")
# Tests read English feedback unless they choose a language: a zh_* locale on the machine must not change that.
os.environ.setdefault("AUTOGRADER_LANG", "en")
# Tools that start other tools (nbgrader runs alembic) look them up on PATH: the venv's come first.
os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")


def leftover_processes() -> list[tuple[int, str]]:
    """Processes of submissions that outlived their grader: a submission's process (its user id or its job
    token) whose parent is neither another such process nor a grader. Processes of sandboxes still at work
    (other tests running in parallel) always have such a parent, so they are not counted."""
    import psutil

    def submission(proc) -> bool:
        try:
            return 61000 <= proc.uids().real < 62000 or "AUTOGRADER_JOB" in proc.environ()
        except (psutil.Error, OSError):
            return False

    def grader(proc) -> bool:
        try:
            return any("autograder" in part for part in proc.cmdline())
        except (psutil.Error, OSError):
            return False

    left = []
    for proc in psutil.process_iter():
        if not submission(proc):
            continue
        try:
            parent = proc.parent()
            if parent is None or not (submission(parent) or grader(parent)):
                left.append((proc.pid, " ".join(proc.cmdline())[:80]))
        except psutil.Error:
            continue
    return left
