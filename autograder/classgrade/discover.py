"""Finding a class's submissions in nbgrader's `submitted/` layout: `<student>/<assignment>/<notebook>.ipynb`.

As in nbgrader, the assignment is the folder and the notebook graded is the assignment's own
(`<assignment>.ipynb`, or `<assignment>.py` for a script); any other notebook in the folder (`-Copy1`,
`Untitled`) is listed, never graded or added. Everything skipped is reported with a reason.

Everything below `submitted/` is the students' and is read as hostile (see `safe_read`): no link is followed,
a link or anything but a regular file where the notebook should be is a zero with its reason, and the notebook
graded is read here, once, within `submission.MAX_BYTES`: its fingerprint and its grade come from those bytes.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from autograder import i18n
from autograder.classgrade import safe_read
from autograder.classgrade.names import escaped, terminal_safe
from autograder.submission import SubmissionError

SUFFIXES = (".ipynb", ".py")
EXTRA_LISTED = 20  # other notebooks of a folder named in its note; the note counts the rest
# The submitted bytes discovery keeps for grading, in all (a class's notebooks are a few MB); a notebook read
# beyond it is read again when it is graded, and its fingerprint is then that of the bytes graded.
KEPT_BYTES = 256 * 1024 * 1024
REFUSED = {  # what stands where the notebook should be, and the reason it is not read
    safe_read.FOLDER: "refused_folder",
    safe_read.LINK: "refused_link",
    safe_read.FIFO: "refused_fifo",
    safe_read.DEVICE: "refused_device",
    safe_read.SOCKET: "refused_socket",
}

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


def fingerprint_of(data: bytes) -> str:
    """What decides whether a submitted file changed since it was graded: the hash of its bytes."""
    return hashlib.sha256(data).hexdigest()


def _stand_in(reason: str) -> str:
    """The fingerprint of an item without a file to grade: its reason (which names what was found instead)."""
    return "none:" + fingerprint_of(reason.encode("utf-8", "backslashreplace"))[:16]


@dataclass(frozen=True)
class Item:
    """One student's work for one assignment: the notebook to grade, or the reason there is none."""

    student: str  # the folder's name, as the file system gave it (see `names` before printing or writing it)
    assignment: str
    path: Path | None  # None: nothing to grade
    missing_reason: str | None = None
    submitted: bool = True  # False: the student has no folder for this assignment
    extra: tuple[str, ...] = ()  # other notebooks in the folder, by file name: listed, never graded
    notes: tuple[str, ...] = ()  # what the instructor and the student should know (a mislabelled notebook)
    fingerprint: str = ""  # `fingerprint_of` the bytes read, or a stand-in: a changed one is graded again

    @property
    def key(self) -> str:
        return f"{self.student}/{self.assignment}"


@dataclass
class Class:
    """What `discover` found: the items in (student, assignment) order, and what it left out and why.

    `contents` holds the bytes discovery read of the notebooks to grade, by item key, for `run` to grade
    (and drop); `root` is the submitted folder, to read again those it did not keep.
    """

    items: list[Item]
    students: list[str]
    assignments: list[str]
    skipped: list[dict] = field(default_factory=list)  # {"path": relative path, "reason": ...}
    root: Path | None = None
    contents: dict[str, bytes] = field(default_factory=dict, repr=False)


def discover(root: Path, catalog, lang: str | None = None) -> Class:
    """Every (student, assignment) pair of the class, for the assignments in `catalog` that anyone submitted.

    A student without a folder for an assignment that others submitted gets an item that is not submitted (no
    gradebook row; 0 in the totals, as nbgrader's export counts it); a folder without the assignment's notebook
    gets a zero with a reason, as does a link or anything but a regular file where the folder or the notebook
    should be (never followed, never read). Raises LayoutError when nothing in `root` looks like nbgrader's
    layout, OSError when `root` cannot be read. Reasons, notes and the error are written in `lang`, the run's
    language (they go into its records and summary).
    """
    skipped: list[dict] = []
    with safe_read.folder(root) as root_fd:
        folders = _student_folders(root_fd, skipped, lang)
        assignments = _assignments(folders, catalog, skipped, lang)
        if not assignments:
            raise LayoutError(_layout_problem(root, folders, catalog, lang))
        klass = Class([], list(folders), sorted(assignments), skipped, root)
        kept = 0
        for student, found in folders.items():
            for assignment in klass.assignments:
                item, data = _item(root, root_fd, student, assignment, found.get(assignment), lang)
                klass.items.append(item)
                if data is not None and kept + len(data) <= KEPT_BYTES:
                    klass.contents[item.key] = data
                    kept += len(data)
    return klass


def _skip(skipped: list[dict], path: str, key: str, lang: str | None, **values) -> None:
    skipped.append({"path": path, "reason": i18n.text(key, lang, **values)})


def _student_folders(root_fd: int, skipped: list[dict], lang: str | None) -> dict[str, dict[str, str]]:
    """Each student's folder and what it holds (name: kind); links, files and hidden entries are skipped."""
    folders = {}
    for name, kind in sorted(safe_read.listing(root_fd).items()):
        if name.startswith("."):
            _skip(skipped, name, "skipped_hidden", lang)
        elif kind == safe_read.LINK:
            _skip(skipped, name, "skipped_link", lang)
        elif kind != safe_read.FOLDER:
            _skip(skipped, name, "skipped_file", lang)
        else:
            try:
                with safe_read.folder(name, root_fd) as fd:
                    folders[name] = safe_read.listing(fd)
            except OSError as exc:
                if exc.errno == errno.ELOOP:  # a folder when listed, a link by now
                    _skip(skipped, name, "skipped_link", lang)
                else:
                    _skip(skipped, name, "skipped_unreadable", lang, error=exc.strerror or str(exc))
    return folders


def _assignments(folders: dict, catalog, skipped: list[dict], lang: str | None) -> set[str]:
    """The assignments any student submitted: a folder (or a link, refused later) named as one in `catalog`."""
    assignments = set()
    for student, found in folders.items():
        for name, kind in sorted(found.items()):
            where = f"{student}/{name}"
            if kind not in (safe_read.FOLDER, safe_read.LINK):
                if os.path.splitext(name)[1] in SUFFIXES:
                    _skip(skipped, where, "skipped_loose_notebook", lang)
            elif name.startswith("."):
                _skip(skipped, where, "skipped_hidden", lang)
            elif name in catalog:
                assignments.add(name)
            else:
                _skip(
                    skipped,
                    where,
                    "skipped_link" if kind == safe_read.LINK else "skipped_not_assignment",
                    lang,
                )
    return assignments


def _item(
    root: Path, root_fd: int, student: str, assignment: str, kind: str | None, lang: str | None
) -> tuple[Item, bytes | None]:
    """The item of one student and assignment, and the bytes of its notebook (None: nothing to grade)."""
    folder = f"{escaped(student)}/{assignment}"
    if kind not in (safe_read.FOLDER, safe_read.LINK):
        reason = i18n.text("nothing_submitted", lang, assignment=assignment)
        return Item(student, assignment, None, reason, submitted=False, fingerprint=_stand_in(reason)), None
    if kind == safe_read.LINK:
        return _without_file(student, assignment, i18n.text("folder_link", lang, folder=folder)), None
    try:
        with safe_read.folder(student, root_fd) as student_fd, safe_read.folder(assignment, student_fd) as fd:
            return _item_in(root, fd, student, assignment, safe_read.listing(fd), lang)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            reason = i18n.text("folder_link", lang, folder=folder)
        else:
            reason = i18n.text("folder_unreadable", lang, folder=folder, error=exc.strerror or str(exc))
        return _without_file(student, assignment, reason), None


def _without_file(student: str, assignment: str, reason: str, extra: tuple[str, ...] = ()) -> Item:
    """A submitted item with nothing to grade: a zero for the reason given."""
    return Item(student, assignment, None, reason, extra=extra, fingerprint=_stand_in(reason))


def _item_in(
    root: Path, fd: int, student: str, assignment: str, found: dict[str, str], lang: str | None
) -> tuple[Item, bytes | None]:
    """The item of an assignment folder (`fd`, holding `found`): its notebook, read once, or why there is none."""
    candidates = [f"{assignment}{s}" for s in SUFFIXES]
    graded = next((name for name in candidates if found.get(name) == safe_read.FILE), None)
    others = sorted(
        escaped(name)
        for name, kind in found.items()
        if kind == safe_read.FILE and os.path.splitext(name)[1] in SUFFIXES and name != graded
    )
    extra = tuple(others[:EXTRA_LISTED])
    listed = i18n.joined(extra, lang)
    if graded is None:
        odd = next((name for name in candidates if name in found), None)
        if odd is not None:  # a link, a folder, a FIFO...: never followed, never opened
            return _without_file(
                student, assignment, i18n.text(REFUSED[found[odd]], lang, name=odd), extra
            ), None
        reason = i18n.text(
            "no_notebook_found_others" if extra else "no_notebook",
            lang,
            assignment=assignment,
            folder=f"{escaped(student)}/{assignment}",
            found=listed,
        )
        return _without_file(student, assignment, reason, extra), None
    path = root / student / assignment / graded
    try:
        data = safe_read.read_file(fd, graded, str(path))
    except SubmissionError as exc:
        return _without_file(student, assignment, exc.reason(lang), extra), None
    notes = ()
    labelled = _labelled_assignment(graded, data)
    if labelled and labelled != assignment:
        labelled = terminal_safe(labelled)  # the student's text: one short line
        notes = (
            i18n.text(
                "mislabelled_notebook", lang, notebook=graded, labelled=labelled, assignment=assignment
            ),
        )
    if extra:
        more = len(others) - len(extra)
        key, values = ("extra_notebooks_more", {"more": more}) if more else ("extra_notebooks", {})
        notes += (i18n.text(key, lang, notebook=graded, extra=listed, **values),)
    return Item(student, assignment, path, extra=extra, notes=notes, fingerprint=fingerprint_of(data)), data


def _labelled_assignment(name: str, data: bytes) -> str | None:
    """The assignment a notebook's metadata names, if it names one."""
    if not name.endswith(".ipynb"):
        return None
    try:
        metadata = json.loads(data).get("metadata", {})
        label = metadata.get("autograder", {}).get("assignment")
    except (ValueError, AttributeError, RecursionError):
        return None
    return label if isinstance(label, str) else None


def _layout_problem(root: Path, folders: dict[str, dict[str, str]], catalog, lang: str | None) -> str:
    if not folders:
        return i18n.text("layout_no_students", lang, root=root)
    if any(s in catalog for s in folders):
        return i18n.text("layout_one_student", lang, root=root)
    if any(os.path.splitext(name)[1] in SUFFIXES for found in folders.values() for name in found):
        return i18n.text("layout_loose_notebooks", lang, root=root)
    return i18n.text("layout_no_assignment", lang, root=root, assignments=i18n.joined(catalog, lang))
