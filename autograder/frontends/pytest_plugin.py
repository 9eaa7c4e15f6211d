"""`pytest --submission PATH`: every check of every exercise a submission covers becomes a pytest item.

Items are named `<exercise>::<check>`; a failing item's message is the grader's feedback, so `--junitxml`
exports and CI logs read like the inline report. Registered through the `pytest11` entry point; it does
nothing (and imports no torch) unless --submission is given.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder import i18n


def pytest_addoption(parser):
    group = parser.getgroup("autograder")
    group.addoption(
        "--submission",
        action="append",
        default=[],
        metavar="PATH",
        help="grade this .py or .ipynb submission with the course autograder (repeatable)",
    )
    group.addoption(
        "--exercise", action="append", default=[], metavar="ID", help="with --submission: only this one"
    )
    group.addoption(
        "--grade-timeout", type=float, default=None, help="with --submission: seconds per submission"
    )
    group.addoption(
        "--lang",
        default=None,
        choices=("en", "zh-CN"),
        help="with --submission: language of the feedback (default: $AUTOGRADER_LANG, else the locale)",
    )


def pytest_ignore_collect(collection_path, config):
    # With --submission the session grades submissions; the project's own test files are not collected.
    return True if config.getoption("submission") else None


def pytest_collection_modifyitems(session, config, items):
    paths = config.getoption("submission")
    if not paths:
        return
    from autograder.grading import UnknownExercise, check_known

    try:
        check_known(config.getoption("exercise"), config.getoption("lang"))
    except UnknownExercise as exc:
        raise pytest.UsageError(str(exc)) from None  # one line, no traceback, exit status 4
    items[:] = [
        item
        for path in paths
        for item in Submission.from_parent(session, path=Path(path).resolve()).collect()
    ]


class Submission(pytest.File):
    """One submission file; grading runs once, the first time one of its items runs."""

    _report = None
    _error: str | None = None

    def report(self):
        if self._report is None and self._error is None:
            from autograder.grading import grade_file
            from autograder.sandbox.runner import DEFAULT_TIMEOUT
            from autograder.submission import SubmissionError

            timeout = self.config.getoption("grade_timeout") or DEFAULT_TIMEOUT
            try:
                self._report = grade_file(
                    str(self.path),
                    self.config.getoption("exercise") or None,
                    timeout=timeout,
                    lang=self.config.getoption("lang"),
                )
            except SubmissionError as exc:
                self._error = exc.render(self.config.getoption("lang"))
        return self._report

    def collect(self):
        from autograder.exercises import ASSIGNMENTS, EXERCISES
        from autograder.submission import SubmissionError, load

        ids = self.config.getoption("exercise")
        if not ids:
            try:
                assignment = load(str(self.path), ASSIGNMENTS).assignment
            except SubmissionError as exc:
                self._error = exc.render(self.config.getoption("lang"))
                yield Unreadable.from_parent(self, name="unreadable")
                return
            # Without a known assignment the exercises are those the submission defines: known after grading.
            ids = ASSIGNMENTS.get(assignment) or [e.id for e in _graded(self)]
        for exercise_id in ids:
            for check in EXERCISES[exercise_id].checks:
                yield Check.from_parent(
                    self, name=f"{exercise_id}::{check.name}", exercise=exercise_id, check=check.name
                )


def _graded(submission: Submission):
    report = submission.report()
    return report.exercises if report else []


class CheckFailed(Exception):
    pass


class Check(pytest.Item):
    def __init__(self, *, exercise: str, check: str, **kwargs):
        super().__init__(**kwargs)
        self.exercise = exercise
        self.check = check

    def runtest(self):
        report = self.parent.report()
        if report is None:
            raise CheckFailed(self.parent._error)
        for result in report.exercises:
            if result.id == self.exercise:
                for check in result.checks:
                    if check.name == self.check:
                        if not check.passed:
                            raise CheckFailed(result.messages(report.lang)[check.name])
                        return
        raise CheckFailed(i18n.text("exercise_not_graded", report.lang, exercise=self.exercise))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, CheckFailed):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"{self.exercise}::{self.check}"


class Unreadable(pytest.Item):
    def runtest(self):
        raise CheckFailed(self.parent._error)

    def repr_failure(self, excinfo):
        return str(excinfo.value)
