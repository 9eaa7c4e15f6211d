"""Real Unix users for the tests that run the course as a course runs: other users than root, each with their
own home, running the course from an environment every user can run.

The machine's own Python (pyenv's, in /root) is not runnable by other users; Debian's `python3.11` is. So
`users_python()` makes a virtualenv from it, outside any user's home, with requirements.lock installed the way
`make setup` installs it (`tools/bootstrap.py`: torch's CPU build first, from pip's offline wheels when it has
them) and the course package installed as a copy (not editable: the checkout may sit in a folder other users
cannot enter). The virtualenv is made once per lock and kept (`USERS_VENVS`); the package is installed again
whenever its files change. A file lock lets parallel test workers share it.

`ensure_user(name)` makes a Unix user with a home (idempotent); `as_user(name, argv)` runs a command as that
user, with that user's environment only (no variable of root's); `set_password` gives one a password (for a
real login), `user_processes` finds what they still run, and `remove_user` ends that and deletes the user. All
need root: tests that use them are skipped when they do not run as root, since the whole point is to be root's
opposite.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import os
import pwd
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYSTEM_PYTHON = "/usr/bin/python3.11"
USERS_VENVS = Path(os.environ.get("AUTOGRADER_USERS_VENVS", "/var/cache/nnmodule-course"))
# Users the tests make: a prefix no real account uses, so a test can never touch a person's account.
USER_PREFIX = "nnm"


def _bootstrap():
    spec = importlib.util.spec_from_file_location("_bootstrap", ROOT / "tools" / "bootstrap.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _package_digest() -> str:
    """Of every file the installed copy of the package holds: a change to any of them reinstalls it."""
    h = hashlib.sha256()
    for path in sorted((ROOT / "autograder").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    h.update((ROOT / "pyproject.toml").read_bytes())
    return h.hexdigest()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def users_python() -> str:
    """The interpreter of a virtualenv every user can run, with the lock and the course package installed.

    Made from Debian's python3.11 under USERS_VENVS, once per requirements.lock (its digest names the folder;
    a few minutes the first time, seconds after). Returns the path of its `bin/python`.
    """
    bootstrap = _bootstrap()
    lock = (ROOT / "requirements.lock").read_bytes()
    venv = USERS_VENVS / f"venv-{bootstrap.digest(lock)[:16]}"
    python = str(venv / "bin" / "python")
    with _locked(USERS_VENVS / ".lock"):
        ready, installed = venv / ".ready", venv / ".package"
        if not ready.exists():
            for old in USERS_VENVS.glob("venv-*"):  # made for other locks: a few GB that nothing uses
                shutil.rmtree(old, ignore_errors=True)
            bootstrap.make_venv(str(venv), SYSTEM_PYTHON)
            bootstrap.install_lock(python, lock.decode())
            ready.write_text("lock installed\n")
        want = _package_digest()
        if not installed.exists() or installed.read_text().strip() != want:
            # A copy built from a scratch folder: the build must not write into the checkout either.
            build = USERS_VENVS / "build"
            shutil.rmtree(build, ignore_errors=True)
            shutil.copytree(
                ROOT, build, ignore=shutil.ignore_patterns(".*", "__pycache__", "*.egg-info", "dist")
            )
            subprocess.run(
                [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps"]
                + ["--no-build-isolation", "--force-reinstall", str(build)],
                check=True,
            )
            shutil.rmtree(build, ignore_errors=True)
            installed.write_text(want + "\n")
        for folder in (USERS_VENVS, venv):
            folder.chmod(0o755)
    return python


def ensure_user(name: str, groups: Sequence[str] = ()) -> pwd.struct_passwd:
    """A Unix user `name` (which must start with USER_PREFIX) with a home of its own; made when missing."""
    assert name.startswith(USER_PREFIX), f"test users are named {USER_PREFIX}*, not {name!r}"
    for group in groups:
        subprocess.run(["groupadd", "-f", group], check=True)
    try:
        pwd.getpwnam(name)
    except KeyError:
        subprocess.run(["useradd", "--create-home", "--shell", "/bin/bash", name], check=True)
    if groups:
        subprocess.run(["usermod", "-a", "-G", ",".join(groups), name], check=True)
    return pwd.getpwnam(name)


def user_environment(name: str, **extra: str) -> dict[str, str]:
    """What a login of `name` has: its home, its name, a plain PATH, the C.UTF-8 locale; nothing of root's."""
    entry = pwd.getpwnam(name)
    env = {
        "HOME": entry.pw_dir,
        "USER": name,
        "LOGNAME": name,
        "SHELL": entry.pw_shell,
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
    }
    env.update(extra)
    return env


def as_user(name: str, argv: Sequence[str], env: dict[str, str] | None = None, **kwargs):
    """Runs `argv` as the user `name` (uid, gid and supplementary groups), in their home unless `cwd` says
    otherwise, with `user_environment(name)` plus `env`. Returns the CompletedProcess (text mode)."""
    entry = pwd.getpwnam(name)
    command = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--init-groups", "--"]
    kwargs.setdefault("cwd", entry.pw_dir)
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    return subprocess.run(command + list(argv), env=user_environment(name, **(env or {})), **kwargs)


def set_password(name: str, password: str) -> None:
    """Gives the test user `name` this Unix password (for a real login: PAM, as JupyterHub checks it)."""
    assert name.startswith(USER_PREFIX), f"test users are named {USER_PREFIX}*, not {name!r}"
    subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True)


def user_processes(names: Sequence[str]) -> list:
    """The running processes (psutil) of these users, by their real or effective user id."""
    import psutil

    uids = set()
    for name in names:
        with contextlib.suppress(KeyError):
            uids.add(pwd.getpwnam(name).pw_uid)
    found = []
    for proc in psutil.process_iter():
        try:
            ids = proc.uids()
        except psutil.Error:
            continue
        if ids.real in uids or ids.effective in uids:
            found.append(proc)
    return found


def remove_user(name: str) -> None:
    """Ends every process of the test user `name`, then deletes the user and their home (when there is one)."""
    import psutil

    assert name.startswith(USER_PREFIX), f"test users are named {USER_PREFIX}*, not {name!r}"
    procs = user_processes([name])
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    psutil.wait_procs(procs, timeout=10)
    try:
        pwd.getpwnam(name)
    except KeyError:
        return
    subprocess.run(["userdel", "--remove", name], capture_output=True, check=False)
