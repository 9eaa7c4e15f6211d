"""Reading a submission (.py or .ipynb) into the cells the grader runs, with clear reasons when it can't."""

from __future__ import annotations

import contextlib
import json
import os
import re
import stat
import threading
from dataclasses import dataclass

SKIP_TAGS = {"self-check", "autograder-skip"}
CELL_MARKER = re.compile(r"^# %%.*$", re.MULTILINE)
# The largest notebook or script graded, in bytes. The course's notebooks are 10-30 KB; nbgrader's own collect
# skips files over 100 MB (`max_file_size`). A file over the limit is refused before a byte of it is read.
MAX_BYTES = 20 * 1024 * 1024
# How a submission named on the command line is opened: without blocking on a FIFO, never as a controlling
# terminal, not inherited. Those flags are POSIX's; Windows has none of them (nor FIFOs), and needs O_BINARY to
# read the bytes as they are.
_OPEN_FLAGS = os.O_RDONLY
for _flag in ("O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC", "O_BINARY"):
    _OPEN_FLAGS |= getattr(os, _flag, 0)


class SubmissionError(Exception):
    """The submission cannot be read. `key` names the catalogue template of the reason (`[report]` in
    autograder/i18n/<lang>.toml), `values` fill it; `str()` is the English line "<path>: <reason>"."""

    def __init__(self, path: str, key: str, **values):
        self.path, self.key, self.values = path, key, values
        super().__init__(self.render("en"))

    def reason(self, lang: str | None = None) -> str:
        """Why, in `lang`, without the path (for a summary that names the submission already)."""
        from autograder import i18n

        return i18n.text(self.key, lang, **self.values)

    def render(self, lang: str | None = None) -> str:
        """The line "<path>: <reason>", in `lang`."""
        from autograder import i18n

        return i18n.text("unreadable_submission", lang, path=self.path, reason=self.reason(lang))


@dataclass
class Submission:
    path: str
    # {"cell": where it is, "source": "...", "graded": ["lenet"]}. Where, as data that the catalogues word
    # (`{x:cell}`): {"kind": "cell", "number": 3} (a notebook's third cell), {"kind": "script", "file": "a.py"},
    # {"kind": "script_cell", "file": "a.py", "line": 12} (a script's `# %%` cell starting at line 12).
    cells: list[dict]
    assignment: str | None


_given = threading.local()


@contextlib.contextmanager
def given(path: str, data: bytes):
    """Within the block, in this thread, `load(path)` parses `data` and never opens `path`.

    For the class grader: it reads each submitted file once, without following links (see
    `autograder.classgrade.safe_read`), and the bytes it fingerprinted are the bytes graded.
    """
    previous = getattr(_given, "files", None)
    _given.files = {path: data}
    try:
        yield
    finally:
        _given.files = previous


def read_open(fd: int, path: str) -> bytes:
    """The bytes of the open file `fd` (named `path` in reasons): a regular file of at most MAX_BYTES.

    The size is checked on the descriptor before anything is read, and never more than MAX_BYTES + 1 bytes
    are read (a file may grow meanwhile). Raises SubmissionError.
    """
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise SubmissionError(path, "is_a_folder")
    if not stat.S_ISREG(info.st_mode):
        raise SubmissionError(path, "not_a_regular_file")
    if info.st_size > MAX_BYTES:
        raise _too_large(path, info.st_size)
    chunks, size = [], 0
    while size <= MAX_BYTES:
        chunk = os.read(fd, min(1 << 20, MAX_BYTES + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > MAX_BYTES:
        raise _too_large(path, size)
    return b"".join(chunks)


def _too_large(path: str, size: int) -> SubmissionError:
    return SubmissionError(path, "file_too_large", size=_megabytes(size), limit=_megabytes(MAX_BYTES))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _read(path: str) -> bytes:
    """A submission named on the command line: links are followed (it is the student's own path), but a FIFO
    is never waited on and the size is checked before reading."""
    if not os.path.exists(path):
        raise SubmissionError(path, "no_such_file")
    if os.path.isdir(path):
        raise SubmissionError(path, "is_a_folder")
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise SubmissionError(path, "file_unreadable", error=exc.strerror or str(exc)) from None
    try:
        return read_open(fd, path)
    except OSError as exc:
        raise SubmissionError(path, "file_unreadable", error=exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def load(path: str, assignments=()) -> Submission:
    """The cells of the submission at `path` (or of the bytes `given` for it). Raises SubmissionError."""
    files = getattr(_given, "files", None) or {}
    raw = files[path] if path in files else _read(path)
    if not raw.strip():
        raise SubmissionError(path, "file_empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SubmissionError(path, "not_utf8", position=exc.start, byte=f"{raw[exc.start]:#x}") from None
    if path.endswith(".ipynb"):
        cells, assignment = _notebook_cells(path, text)
    elif path.endswith(".py"):
        cells, assignment = _script_cells(os.path.basename(path), text), None
    else:
        raise SubmissionError(path, "not_py_or_ipynb")
    if assignment is None:
        stem = os.path.splitext(os.path.basename(path))[0]
        parent = os.path.basename(os.path.dirname(os.path.abspath(path)))
        assignment = next((a for a in (stem, parent) if a in assignments), None)
    _one_pause_per_exercise(cells, assignments.get(assignment, ()) if isinstance(assignments, dict) else ())
    return Submission(path=path, cells=cells, assignment=assignment)


def _one_pause_per_exercise(cells: list[dict], exercises) -> None:
    """Graded cells pause the run only for an exercise of the assignment, once (at its first graded cell, as
    nbgrader grades it): a notebook of thousands of graded cells, or of made-up ids, costs the grader nothing."""
    seen: set[str] = set()
    for cell in cells:
        graded = [e for e in cell.get("graded", []) if e in exercises and e not in seen]
        seen.update(graded)
        if graded:
            cell["graded"] = graded
        else:
            cell.pop("graded", None)


def _script_cells(name: str, text: str) -> list[dict]:
    """A script is one cell, or several if it uses `# %%` cell markers (as Jupytext and VS Code do)."""
    if not CELL_MARKER.search(text):
        return [{"cell": {"kind": "script", "file": name}, "source": text}]
    pieces = CELL_MARKER.split(text)
    offsets = [0] + [m.end() for m in CELL_MARKER.finditer(text)]
    cells = []
    for offset, piece in zip(offsets, pieces, strict=True):
        if piece.strip():
            line = text.count("\n", 0, offset) + 1
            # Pad with blank lines so that line numbers in errors are the file's own.
            where = {"kind": "script_cell", "file": name, "line": line}
            cells.append({"cell": where, "source": "\n" * (line - 1) + piece})
    return cells


def _notebook_cells(path: str, text: str) -> tuple[list[dict], str | None]:
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SubmissionError(path, "notebook_invalid_json", line=exc.lineno, error=exc.msg) from None
    except RecursionError:
        raise SubmissionError(path, "notebook_too_deep") from None  # `[[[[...]]]]`: the student's doing
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise SubmissionError(path, "notebook_no_cells")
    cells = []
    for number, cell in enumerate(nb["cells"], start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            raise SubmissionError(path, "notebook_cell_no_source", number=number)
        meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        if _is_test_cell(meta):
            # nbgrader grades an exercise where its test cell stands: what is defined by then, not later.
            exercise = _graded_exercise(meta, source)
            if exercise and cells:
                cells[-1].setdefault("graded", []).append(exercise)
            continue
        cells.append({"cell": {"kind": "cell", "number": number}, "source": source})
    metadata = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    course = metadata.get("autograder") if isinstance(metadata.get("autograder"), dict) else {}
    assignment = course.get("assignment") if isinstance(course.get("assignment"), str) else None
    return cells, assignment


GRADE_CALL = re.compile(r"""grade\(\s*["']([a-z0-9_]+)["']""")


def _graded_exercise(meta: dict, source: str) -> str | None:
    """The exercise a graded cell scores: `<exercise>_checks` as grade_id, or a `grade("<exercise>")` call."""
    grade_id = (meta.get("nbgrader") or {}).get("grade_id", "")
    if isinstance(grade_id, str) and grade_id.endswith("_checks"):
        return grade_id.removesuffix("_checks")
    match = GRADE_CALL.search(source)
    return match.group(1) if match else None


def _is_test_cell(meta: dict) -> bool:
    """nbgrader's autograded test cells and self-check cells are the grader's, not the student's code."""
    nbgrader = meta.get("nbgrader") if isinstance(meta.get("nbgrader"), dict) else {}
    if nbgrader.get("grade") and not nbgrader.get("solution"):
        return True
    tags = meta.get("tags") if isinstance(meta.get("tags"), list) else []
    return bool(SKIP_TAGS & {t for t in tags if isinstance(t, str)})
