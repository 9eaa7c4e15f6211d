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


def discover(root: Path, catalog) -> Class:
    """Every (student, assignment) pair of the class, for the assignments in `catalog` that anyone submitted.

    A student without a folder for an assignment that others submitted gets an item that is not submitted (no
    gradebook row; 0 in the totals, as nbgrader's export counts it); a folder without the assignment's notebook
    gets a zero with a reason. Raises LayoutError when nothing in `root` looks like nbgrader's layout.
    """
    skipped = []
    students = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            skipped.append({"path": entry.name, "reason": "hidden (its name starts with a dot)"})
        elif not entry.is_dir():
            skipped.append({"path": entry.name, "reason": "a file, not a student's folder"})
        else:
            students.append(entry)
    assignments: set[str] = set()
    for student in students:
        for entry in sorted(student.iterdir()):
            where = f"{student.name}/{entry.name}"
            if not entry.is_dir():
                if entry.suffix in SUFFIXES:
                    skipped.append({"path": where, "reason": "a notebook outside any assignment folder"})
            elif entry.name.startswith("."):
                skipped.append({"path": where, "reason": "hidden (its name starts with a dot)"})
            elif entry.name not in catalog:
                skipped.append({"path": where, "reason": "not an assignment of this course"})
            else:
                assignments.add(entry.name)
    if not assignments:
        raise LayoutError(_layout_problem(root, students, catalog))
    items = [_item(root, student, assignment) for student in students for assignment in sorted(assignments)]
    return Class(items, [s.name for s in students], sorted(assignments), skipped)


def _item(root: Path, student: Path, assignment: str) -> Item:
    folder = student / assignment
    if not folder.is_dir():
        return Item(student.name, assignment, None, f"nothing submitted for {assignment}", submitted=False)
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix in SUFFIXES)
    graded = next(
        (folder / f"{assignment}{s}" for s in SUFFIXES if (folder / f"{assignment}{s}").is_file()), None
    )
    extra = tuple(p.name for p in files if p != graded)
    if graded is None:
        reason = f"no {assignment}.ipynb in {folder.relative_to(root)}"
        if extra:
            reason += (
                f" (found {', '.join(extra)}: only {assignment}.ipynb is graded; rename it and grade again)"
            )
        return Item(student.name, assignment, None, reason, extra=extra)
    notes = ()
    labelled = _labelled_assignment(graded)
    if labelled and labelled != assignment:
        notes = (
            f"{graded.name} says it is {labelled}, but it was submitted as {assignment}: "
            f"graded on {assignment}'s exercises",
        )
    if extra:
        notes += (f"not graded (only {graded.name} is): {', '.join(extra)}",)
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


def _layout_problem(root: Path, students: list[Path], catalog) -> str:
    expected = "expected <student>/<assignment>/<assignment>.ipynb"
    if not students:
        return f"{root} has no student folders ({expected})"
    if any(s.name in catalog for s in students):
        return (
            f"{root} looks like one student's folder: pass the folder that holds every student's ({expected})"
        )
    if any(p.suffix in SUFFIXES for s in students for p in s.iterdir()):
        return f"{root}: notebooks lie directly in the student folders ({expected})"
    return f"{root}: no student folder holds an assignment of this course ({expected}; assignments: {', '.join(catalog)})"
