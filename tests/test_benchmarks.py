"""Do the benchmarks still run? (Their figures are measured by hand, never asserted: machines are noisy.)"""

from __future__ import annotations

import json
import subprocess

import pytest
from conftest import PYTHON, ROOT

pytestmark = pytest.mark.slow


def test_grade_class_benchmark_runs_and_the_scores_agree():
    """On a one-student class, does the benchmark grade both ways and find the same scores?"""
    result = subprocess.run(
        [PYTHON, "benchmarks/grade_class.py", "--students", "1", "--assignments", "01_modules"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "scores: agree" in result.stdout
    assert "ratio (nbgrader time / autograder time)" in result.stdout
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    for run in ("autograder_roles", "nbgrader_roles"):
        roles = summary[run]
        # Every process of the tree is counted by the kernel; the roles hold what the samples saw of it.
        assert roles["total_cpu_s"] > 0 and roles["main"]["cpu_s"] > 0 and roles["workers"]["cpu_s"] > 0
        assert roles["workers"]["peak_mib"] > 0
