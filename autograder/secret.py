"""The instructor's secret, from which the hidden probes are drawn (see `exercises.spec.ProbeSet`).

Where it comes from, first found first: `--secret-file PATH`, the `AUTOGRADER_SECRET` environment variable,
and for `autograder grade` only, `OUT/secret.txt`, which the first run of a course creates (random, readable by
its owner only) and later runs reuse, so that a course's grades are all drawn on the same hidden probes. A new
course run starts with a new output folder, hence a fresh secret. Students never see it: the kit carries
observations of the public probes only.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from autograder.exercises.spec import ProbeSet

ENV = "AUTOGRADER_SECRET"
FILE = "secret.txt"
MIN_LENGTH = 8


class SecretError(Exception):
    """No usable secret where one was asked for. `key` names the catalogue template that says what to do
    (`[report]` in autograder/i18n/<lang>.toml), `values` fill it."""

    def __init__(self, key: str, **values):
        super().__init__(key, values)
        self.key, self.values = key, values


def _read(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise SecretError("secret_unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    if len(text) < MIN_LENGTH:
        raise SecretError("secret_too_short", where=str(path), length=MIN_LENGTH)
    return text


def given(secret_file: str | Path | None = None) -> str | None:
    """The secret from `secret_file` or `AUTOGRADER_SECRET`; None when neither is set."""
    if secret_file:
        return _read(Path(secret_file))
    value = os.environ.get(ENV, "").strip()
    if value and len(value) < MIN_LENGTH:
        raise SecretError("secret_too_short", where=ENV, length=MIN_LENGTH)
    return value or None


def hidden(secret_file: str | Path | None = None) -> ProbeSet:
    """The hidden probe set for `check --hidden`: a secret must be given."""
    value = given(secret_file)
    if value is None:
        raise SecretError("secret_missing", variable=ENV)
    return ProbeSet(value)


def for_grading(out: Path, secret_file: str | Path | None = None) -> ProbeSet:
    """The hidden probe set for grading into `out`: the given secret, else `out/secret.txt` (made if missing)."""
    value = given(secret_file)
    if value is not None:
        return ProbeSet(value)
    path = out / FILE
    if not path.exists():
        try:
            out.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(descriptor, "w") as f:
                f.write(secrets.token_hex(16) + "\n")
        except OSError as exc:
            raise SecretError("secret_unreadable", path=str(path), reason=exc.strerror or str(exc)) from None
    return ProbeSet(_read(path))
