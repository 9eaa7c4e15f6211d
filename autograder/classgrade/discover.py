"""Finding a class's submissions in nbgrader's `submitted/` layout: `<student>/<assignment>/<notebook>.ipynb`.

As in nbgrader, the assignment is the folder and the notebook graded is the assignment's own
(`<assignment>.ipynb`, or `<assignment>.py` for a script); any other notebook in the folder (`-Copy1`,
`Untitled`) is listed, never graded or added. Everything skipped is reported with a reason.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from autograder import i18n

SUFFIXES = (".ipynb", ".py")

# What each item's status means; the same words appear in the CSVs, results.json and summary.json.
GRADED = "graded"  # graded; its score is the student's, whatever their code did
FAILED = "failed"  # the student's file could not be graded at all (unreadable, missing, crashed): a zero
GRADER_FAULT = (
    "grader_fault"  # the grader itself failed: not graded, no score, nothing is the student's fault
)
NOT_SUBMITTED = "not_submitted"  # no folder for this assignment: counts as 0, as in nbgrader's export
PENDING = "pending"  # not graded yet: the run was interrupted before it


class LayoutError(Exception):
    """The submitted folder is not in nbgrader's layout; the message says what was found, in one line."""


@dataclass(frozen=True)
class Item:
    """One student's work for one assignment: the notebook to grade, or the reason there is none."""

    student: str
    assignment: str
    path: Path | None  # None: nothing to grade
    missing_reason: str | None = None
    submitted: bool = True  # False: the student has no folder for this assignment
    extra: tuple[str, ...] = ()  # other notebooks in the folder, by file name: listed, never graded
    notes: tuple[str, ...] = ()  # what the instructor and the student should know (a mislabelled notebook)

    @property
    def key(self) -> str:
        return f"{self.student}/{self.assignment}"

    def fingerprint(self) -> str:
        """Changes when the submitted file does, so a re-collected submission is graded again."""
        if self.path is None:
            return "missing:" + "/".join(self.extra)
        try:
            return hashlib.sha256(self.path.read_bytes()).hexdigest()
        except OSError:
            return "unreadable"


@dataclass
class Class:
    """What `discover` found: the items in (student, assignment) order, and what it left out and why."""

    items: list[Item]
    students: list[str]
    assignments: list[str]
    skipped: list[dict] = field(default_factory=list)  # {"path": relative path, "reason": ...}


def discover(root: Path, catalog, lang: str | None = None) -> Class:
    """Every (student, assignment) pair of the class, for the assignments in `catalog` that anyone submitted.

    A student without a folder for an assignment that others submitted gets an item that is not submitted (no
    gradebook row; 0 in the totals, as nbgrader's export counts it); a folder without the assignment's notebook
    gets a zero with a reason. Raises LayoutError when nothing in `root` looks like nbgrader's layout. Reasons,
    notes and the error are written in `lang`, the run's language (they go into its records and summary).
    """

    def say(key: str, **values) -> str:
        return i18n.text(key, lang, **values)

    skipped = []
    students = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            skipped.append({"path": entry.name, "reason": say("skipped_hidden")})
        elif not entry.is_dir():
            skipped.append({"path": entry.name, "reason": say("skipped_file")})
        else:
            students.append(entry)
    assignments: set[str] = set()
    for student in students:
        for entry in sorted(student.iterdir()):
            where = f"{student.name}/{entry.name}"
            if not entry.is_dir():
                if entry.suffix in SUFFIXES:
                    skipped.append({"path": where, "reason": say("skipped_loose_notebook")})
            elif entry.name.startswith("."):
                skipped.append({"path": where, "reason": say("skipped_hidden")})
            elif entry.name not in catalog:
                skipped.append({"path": where, "reason": say("skipped_not_assignment")})
            else:
                assignments.add(entry.name)
    if not assignments:
        raise LayoutError(_layout_problem(root, students, catalog, lang))
    items = [
        _item(root, student, assignment, lang) for student in students for assignment in sorted(assignments)
    ]
    return Class(items, [s.name for s in students], sorted(assignments), skipped)


def _item(root: Path, student: Path, assignment: str, lang: str | None) -> Item:
    folder = student / assignment
    if not folder.is_dir():
        reason = i18n.text("nothing_submitted", lang, assignment=assignment)
        return Item(student.name, assignment, None, reason, submitted=False)
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in SUFFIXES)
    graded = next(
        (folder / f"{assignment}{s}" for s in SUFFIXES if (folder / f"{assignment}{s}").is_file()), None
    )
    extra = tuple(p.name for p in files if p != graded)
    if graded is None:
        reason = i18n.text(
            "no_notebook_found_others" if extra else "no_notebook",
            lang,
            assignment=assignment,
            folder=folder.relative_to(root),
            found=", ".join(extra),
        )
        return Item(student.name, assignment, None, reason, extra=extra)
    notes = ()
    labelled = _labelled_assignment(graded)
    if labelled and labelled != assignment:
        notes = (
            i18n.text(
                "mislabelled_notebook", lang, notebook=graded.name, labelled=labelled, assignment=assignment
            ),
        )
    if extra:
        notes += (i18n.text("extra_notebooks", lang, notebook=graded.name, extra=", ".join(extra)),)
    return Item(student.name, assignment, graded, extra=extra, notes=notes)


def _labelled_assignment(path: Path) -> str | None:
    """The assignment a notebook's metadata names, if it names one."""
    if path.suffix != ".ipynb":
        return None
    try:
        metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        name = metadata.get("autograder", {}).get("assignment")
    except (OSError, ValueError, AttributeError):
        return None
    return name if isinstance(name, str) else None


def _layout_problem(root: Path, students: list[Path], catalog, lang: str | None) -> str:
    if not students:
        return i18n.text("layout_no_students", lang, root=root)
    if any(s.name in catalog for s in students):
        return i18n.text("layout_one_student", lang, root=root)
    if any(p.suffix in SUFFIXES for s in students for p in s.iterdir()):
        return i18n.text("layout_loose_notebooks", lang, root=root)
    return i18n.text("layout_no_assignment", lang, root=root, assignments=", ".join(catalog))
