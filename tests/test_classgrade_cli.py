"""Does `autograder grade` explain itself before it grades anything: help, defaults, usage errors?"""

from __future__ import annotations

import subprocess

from conftest import PYTHON, ROOT

from autograder.classgrade.outputs import spreadsheet_safe
from autograder.classgrade.run import Options


def _run(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-m", "autograder", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_help_shows_every_default_the_exit_statuses_and_an_example():
    """Does `grade --help` give each option's default, every exit status, and a command to copy?"""
    text = _run("grade", "--help").stdout
    options = text.split("\noptions:", 1)[1]
    for option in ("--workers", "--timeout", "--memory-mb", "--force", "--gradebook", "--quiet"):
        after = options.split(f"\n  {option}", 1)[1].split("\n  -", 1)[0]
        assert "default" in after, option
    for status in ("0 ", "1 ", "2 ", "130", "143"):
        assert f"\n  {status}" in text, status
    assert "python -m autograder grade submitted --out grading" in text


def test_help_defaults_are_the_sandboxs_defaults():
    """Are the defaults `--help` shows the ones the sandbox applies (one source of truth, checked)?"""
    from autograder.sandbox.runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT

    assert (Options().timeout, Options().memory_mb) == (DEFAULT_TIMEOUT, DEFAULT_MEMORY_MB)


def test_output_folder_inside_the_submitted_folder_is_refused(tmp_path):
    """Is `--out` inside SUBMITTED_DIR (it would become a student) an exit 2 with one line?"""
    (tmp_path / "submitted" / "alice" / "01_modules").mkdir(parents=True)
    result = _run("grade", str(tmp_path / "submitted"), "--out", str(tmp_path / "submitted" / "grading"))
    assert result.returncode == 2 and "inside" in result.stderr, result.stderr
    assert not (tmp_path / "submitted" / "grading").exists()


def test_empty_submitted_folder_is_refused(tmp_path):
    """Is a submitted folder without student folders an exit 2 that says what layout it expected?"""
    (tmp_path / "submitted").mkdir()
    result = _run("grade", str(tmp_path / "submitted"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert "no student folders" in result.stderr and "<student>/<assignment>/" in result.stderr


def test_text_that_a_spreadsheet_would_evaluate_is_quoted():
    """Does every formula-like text get a leading quote, and ordinary text stay as it is?"""
    for text in ('=HYPERLINK("x")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"):
        assert spreadsheet_safe(text) == "'" + text
    for text in ("alice", "01_modules", "o'brien", ""):
        assert spreadsheet_safe(text) == text
