"""Writing class-grading scores into nbgrader's own gradebook, so formgrader shows them.

Exactly nbgrader's rows: a submission row for each (student, assignment) with a submitted folder, none for a
student who submitted nothing (nbgrader's export counts that as 0), and each graded cell's auto score.

A student's id is their folder's name, which they chose: one the gradebook cannot hold (not text, control
characters, longer than nbgrader's column) is left out and named, and costs the other students nothing.
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from pathlib import Path

from autograder import i18n
from autograder.classgrade.discover import FAILED, GRADED

ID_LENGTH = 128  # nbgrader's `Student.id` column: String(128)


class GradebookError(Exception):
    """The gradebook cannot be used; the message says why, in one line."""


def storable(student: str) -> bool:
    """Whether `student` can be a gradebook id: UTF-8 text, printable, at most ID_LENGTH characters."""
    try:
        student.encode("utf-8")
    except UnicodeEncodeError:
        return False  # a folder name that is not UTF-8 (its stray bytes were decoded as surrogates)
    return 0 < len(student) <= ID_LENGTH and student.isprintable()


@contextlib.contextmanager
def _quiet():
    """The database layer's warnings and log lines are for nbgrader's developers, not for the instructor."""
    noisy = [logging.getLogger(name) for name in ("sqlalchemy", "alembic", "nbgrader", "traitlets")]
    levels = [logger.level for logger in noisy]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for logger in noisy:
            logger.setLevel(logging.ERROR)
        try:
            yield
        finally:
            for logger, level in zip(noisy, levels, strict=True):
                logger.setLevel(level)


def _open(db_url: str, lang: str | None = None):
    if db_url.startswith("sqlite:///"):
        path = Path(db_url.removeprefix("sqlite:///"))
        if not path.is_file():
            # nbgrader would create an empty gradebook there, and every assignment would then be missing.
            raise GradebookError(i18n.text("gradebook_missing", lang, path=path))
    from nbgrader.api import Gradebook

    try:
        return Gradebook(db_url)
    except Exception as exc:  # noqa: BLE001 (the database layer raises many kinds; one line says why)
        error = f"{type(exc).__name__}: {exc}"
        raise GradebookError(
            i18n.text("gradebook_cannot_open", lang, gradebook=db_url, error=error)
        ) from None


def check(db_url: str, assignments: list[str], lang: str | None = None) -> None:
    """Before grading: the gradebook opens and holds every assignment found. Raises GradebookError, its message
    in `lang` (the run's language)."""
    with _quiet():
        gradebook = _open(db_url, lang)
        with gradebook:
            known = {a.name for a in gradebook.assignments}
    missing = [a for a in assignments if a not in known]
    if missing:
        raise GradebookError(
            i18n.text(
                "gradebook_lacks",
                lang,
                gradebook=db_url,
                missing=i18n.joined(missing, lang),
                first=missing[0],
            )
        )


def write_scores(records: list[dict], db_url: str, lang: str | None = None) -> tuple[int, list[str]]:
    """Sets each graded cell's auto score (`<exercise>_checks`) from the records; returns the submissions
    written, and the students left out because their folder's name cannot be a gradebook id (`storable`).

    Only submissions that were graded (a zero for a broken file included) are written: nothing for a student
    who submitted nothing, nor for a submission the grader failed on or did not reach.
    """
    written = 0
    left_out: list[str] = []
    with _quiet():
        gradebook = _open(db_url, lang)
        with gradebook:
            from nbgrader.api import MissingEntry

            for record in records:
                if record["status"] not in (GRADED, FAILED):
                    continue
                if not storable(record["student"]):
                    if record["student"] not in left_out:
                        left_out.append(record["student"])
                    continue
                gradebook.update_or_create_student(record["student"])
                try:
                    submission = gradebook.find_submission(record["assignment"], record["student"])
                except MissingEntry:
                    submission = gradebook.add_submission(record["assignment"], record["student"])
                scores = {f"{e['id']}_checks": e["score"] for e in record["report"]["exercises"]}
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        if grade.name in scores:
                            grade.auto_score = scores[grade.name]
                written += 1
            gradebook.db.commit()  # once: a commit per submission would sync the database to disk every time
    return written, left_out
