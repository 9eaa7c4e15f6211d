"""The output folder: one run at a time (a lock), checked writable before any student is graded, and files
that are whole or absent (write, then rename)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import tempfile
from pathlib import Path

from autograder import i18n

LOCK_NAME = ".autograder.lock"


class OutputFolderError(Exception):
    """The output folder cannot be used; the message says why, in one line."""


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


class OutputFolder:
    """Holds the output folder's lock from `acquire` to `release`.

    Args:
        path: the folder (created if missing).
        lang: the language of the errors it raises (the run's). Default: as `i18n.resolve` chooses.
    """

    def __init__(self, path: Path, lang: str | None = None):
        self.path = path
        self.lang = lang
        self._lock = None

    def _error(self, key: str, **values) -> OutputFolderError:
        return OutputFolderError(i18n.text(key, self.lang, path=self.path, **values))

    def acquire(self) -> None:
        """Creates the folder, takes its lock and proves it writable. Raises OutputFolderError."""
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._error("out_cannot_create", reason=_reason(exc)) from None
        try:
            lock = open(self.path / LOCK_NAME, "a+")  # noqa: SIM115 (held until release)
        except OSError as exc:
            raise self._error("out_not_writable", reason=_reason(exc)) from None
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.seek(0)
            holder = lock.read().strip()
            lock.close()
            if holder:
                raise self._error("out_in_use", pid=holder) from None
            raise self._error("out_in_use_unknown") from None
        self._lock = lock
        try:
            lock.truncate(0)
            lock.write(str(os.getpid()))
            lock.flush()
            # Try it: a read-only mount, a full disk or a quota shows up here, before any student is graded.
            write_atomically(self.path / ".autograder-write-test", "x" * 65536)
            (self.path / ".autograder-write-test").unlink()
        except OSError as exc:
            self.release()
            raise self._error("out_not_writable", reason=_reason(exc)) from None

    def release(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def write_atomically(path: Path, data: str | bytes) -> None:
    """Readers see the old file or the new one, never half of one; a failed write leaves no temporary file.

    Text is written as UTF-8, whatever the locale; a character UTF-8 cannot hold (a lone surrogate) is written
    escaped (`\\udcff`) rather than failing the file. Raises OSError (a full disk, a read-only folder, a name
    too long) with the old file, if any, untouched.
    """
    if isinstance(data, str):
        data = data.encode("utf-8", "backslashreplace")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        os.fchmod(fd, 0o644)  # as an ordinary file: the instructor shares feedback pages and CSVs
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
