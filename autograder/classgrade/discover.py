"""Finding a class's submissions in nbgrader's `submitted/` layout."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".ipynb", ".py")


@dataclass(frozen=True)
class Item:
    """One thing to grade: a student's notebook for an assignment, or the absence of one."""

    student: str
    assignment: str
    notebook: str
    path: Path | None  # None: nothing was submitted
    missing_reason: str | None = None

    @property
    def key(self) -> str:
        return f"{self.student}/{self.assignment}/{self.notebook}"

    def fingerprint(self) -> str:
        """Changes when the submitted file does, so a re-collected submission is graded again."""
        if self.path is None:
            return "missing"
        try:
            return hashlib.sha256(self.path.read_bytes()).hexdigest()
        except OSError:
            return "unreadable"


def discover(root: Path) -> list[Item]:
    """Every (student, assignment) pair of the class; a student without a notebook for an assignment that
    others submitted gets an item with a reason, so the gradebook has a zero rather than a hole."""
    students = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    assignments = sorted(
        {a.name for s in students for a in s.iterdir() if a.is_dir() and not a.name.startswith(".")}
    )
    items = []
    for student in students:
        for assignment in assignments:
            folder = student / assignment
            files = sorted(p for p in folder.glob("*") if p.suffix in SUFFIXES) if folder.is_dir() else []
            if files:
                items.extend(Item(student.name, assignment, p.stem, p) for p in files)
            else:
                reason = (
                    f"no notebook found in {folder.relative_to(root)}"
                    if folder.is_dir()
                    else f"nothing submitted for {assignment}"
                )
                items.append(Item(student.name, assignment, assignment, None, reason))
    return items
