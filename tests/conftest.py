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
# Tools that start other tools (nbgrader runs alembic) look them up on PATH: the venv's come first.
os.environ["PATH"] = os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", "")
