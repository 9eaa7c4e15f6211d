"""Reading `submitted/` as hostile input: no link followed, only regular files read, sizes checked first.

Everything at or below a student's folder is the student's: a folder may be a link to another student's, a
notebook a link to a reference solution or to the instructor's secret, a FIFO that blocks whoever opens it, or
a sparse file of many gigabytes. So every step is opened relative to the folder above it (`dir_fd`), with
`O_NOFOLLOW`: a link anywhere fails to open instead of being followed, even one swapped in after the folder was
listed. Folders are listed with `lstat`, which names a link a link; a file is opened only if it is a regular
file, without blocking, and its size is checked on the open descriptor before a byte is read
(`autograder.submission.read_open`).

The one path followed is `submitted/` itself: the instructor named it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from autograder.submission import SubmissionError, read_open

FILE, FOLDER, LINK, FIFO, DEVICE, SOCKET = "file", "folder", "link", "fifo", "device", "socket"
_NOFOLLOW = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
_FOLDER = _NOFOLLOW | os.O_DIRECTORY
_FILE = _NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY  # a FIFO swapped in after the listing must not block


def kind(mode: int) -> str:
    """What an `lstat` mode is: FILE, FOLDER, LINK, FIFO, DEVICE or SOCKET."""
    if stat.S_ISLNK(mode):
        return LINK
    if stat.S_ISDIR(mode):
        return FOLDER
    if stat.S_ISREG(mode):
        return FILE
    if stat.S_ISFIFO(mode):
        return FIFO
    if stat.S_ISSOCK(mode):
        return SOCKET
    return DEVICE


@contextlib.contextmanager
def folder(name: str | Path, parent: int | None = None) -> Iterator[int]:
    """A descriptor of the folder `name` in the folder `parent` (a descriptor), opened without following a link.

    Without `parent`, `name` is the submitted folder the instructor named, and is followed. Raises OSError:
    ELOOP for a link, ENOTDIR for anything else that is not a folder.
    """
    try:
        fd = os.open(name, _FOLDER & ~os.O_NOFOLLOW if parent is None else _FOLDER, dir_fd=parent)
    except NotADirectoryError:
        # Linux answers ENOTDIR, not ELOOP, for a link opened as a folder: say which it was.
        if parent is not None and kind(os.stat(name, dir_fd=parent, follow_symlinks=False).st_mode) == LINK:
            raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(name)) from None
        raise
    try:
        yield fd
    finally:
        os.close(fd)


def listing(fd: int) -> dict[str, str]:
    """What the folder `fd` holds: each name and its kind, from `lstat` (a link is LINK, never its target)."""
    found = {}
    with os.scandir(fd) as entries:
        for entry in entries:
            try:
                found[entry.name] = kind(entry.stat(follow_symlinks=False).st_mode)
            except OSError:
                continue  # gone since it was listed
    return found


def read_file(parent: int, name: str, shown: str) -> bytes:
    """The bytes of the regular file `name` in the folder `parent`, at most `submission.MAX_BYTES`, read once.

    `shown` names it in reasons. Raises SubmissionError: a link (swapped in since the listing), anything not a
    regular file, a file too large, or one that cannot be read.
    """
    try:
        fd = os.open(name, _FILE, dir_fd=parent)
    except OSError as exc:
        raise _unreadable(shown, name, exc) from None
    try:
        return read_open(fd, shown)
    except OSError as exc:
        raise _unreadable(shown, name, exc) from None
    finally:
        os.close(fd)


def read_submission(root: Path, parts: tuple[str, ...]) -> bytes:
    """The file `root/<parts...>`, each folder on the way opened without following a link. Raises
    SubmissionError."""
    shown = str(root.joinpath(*parts))
    with contextlib.ExitStack() as stack:
        fd = None
        for name in (root, *parts[:-1]):
            try:
                fd = stack.enter_context(folder(name, fd))
            except OSError as exc:
                raise _unreadable(shown, str(name), exc) from None
        return read_file(fd, parts[-1], shown)


def _unreadable(shown: str, name: str, exc: OSError) -> SubmissionError:
    """Why `name`, on the way to the file `shown`, could not be opened: a link, or the system's reason."""
    if exc.errno == errno.ELOOP:
        return SubmissionError(shown, "refused_link", name=name)
    return SubmissionError(shown, "file_unreadable", error=exc.strerror or str(exc))
