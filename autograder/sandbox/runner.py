"""The grader's side of the sandbox: start a child, talk to it under a deadline, leave nothing behind.

Where the Linux jail cannot run (`linux_jail()` says so: Windows, macOS, a Linux without the jail's system
calls), each submission runs in a plain process instead (`Plain`), with the limits that platform has, and the
report says which protections are missing. This module imports on every platform: what is Linux's alone is
imported or called only on the jail's path.
"""

from __future__ import annotations

import contextlib
import functools
import hmac
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import psutil
import torch

from autograder import i18n
from autograder.findings import finding
from autograder.jailed import codec, jail, limits, sealed, syscalls
from autograder.sandbox import cgroups, schema
from autograder.sandbox.cgroups import Cgroup

DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_MB = 2048
OUTPUT_CAP = 4000  # characters of the submission's own stdout/stderr kept for the report
FIRST_UID = 61000  # as root, the submission runs as a user of its own in [FIRST_UID, FIRST_UID + UID_RANGE)
UID_RANGE = 1000
LOCK_DIR = "/run/autograder"  # as root: where user ids are claimed, whatever TMPDIR each run has
CGROUP_SLACK_MB = 1024  # the interpreter's own pages that a forked child copies on write, on top of memory_mb
CPU_GRACE_S = 30  # CPU seconds beyond the timeout before the kernel stops the submission itself
# Where the cgroup counts the submission's CPU time, the timeout is CPU time (what it could use, whatever its
# classmates or the machine do meanwhile), and the wall clock only catches one that sleeps or waits forever.
WALL_FACTOR = 3
CGROUP_TASKS = 256  # processes and threads of one submission (the per-user limit inside is lower)
# What all of one submission's observations that the grader keeps may weigh (see `_weight`): far above any
# honest submission's (a few MB), and what bounds the grader's memory per worker whatever a child sends.
MAX_OBSERVED_BYTES = 512 << 20
# The grader's own switch to the plain path on Linux (tests use it; the README names it): "off" turns the
# Linux jail off. Read from the grader's environment only (see `linux_jail`).
LINUX_JAIL_SWITCH = "AUTOGRADER_LINUX_JAIL"
# What a plain child needs of the grader's environment on Windows, where Python cannot start without
# SYSTEMROOT and looks for DLLs on PATH; none of it is a secret. Linux and macOS need only `worker_env`.
WINDOWS_ENV = ("SYSTEMROOT", "WINDIR", "PATH", "PATHEXT")
# Seconds a plain child may take to start Python and import torch (a cold laptop's first import, an antivirus
# reading every DLL) before the grader gives up on it. Its --timeout counts from when it is ready to run code.
PLAIN_START_S = 180


@functools.cache
def linux_jail() -> bool:
    """Whether this machine can run the Linux jail (`autograder.jailed.jail`) and its worker: Linux, with
    the calls they need (fork, memfd_create, descriptors over a socket, fcntl, resource, libc's prctl).
    Where it cannot (Windows, macOS, a Linux without them), every submission runs in a plain process
    (`Plain`), and the report names what is missing (`jail.PLAIN`).

    The grader decides, once per process, before its first submission starts: from this machine, and from
    `AUTOGRADER_LINUX_JAIL=off` in the grader's own environment (tests use it to take the plain path on
    Linux). No submission can flip it: none runs in this process, children start with `worker_env` (which
    never carries it), and nothing the jail mounts reads it (`autograder.sandbox` is not in the jail).
    """
    if os.environ.get(LINUX_JAIL_SWITCH) == "off" or not sys.platform.startswith("linux"):
        return False
    try:
        import fcntl  # noqa: F401
        import resource  # noqa: F401
    except ImportError:
        return False
    calls = [getattr(os, n, None) for n in ("fork", "memfd_create", "geteuid", "pread")]
    calls += [getattr(socket, n, None) for n in ("send_fds", "recv_fds")]
    return all(calls) and syscalls.available()


def _lock_dir() -> str:
    """A folder only root can write, the same for every run on this machine (never under TMPDIR, which
    differs between runs and may be writable by others)."""
    try:
        os.mkdir(LOCK_DIR, 0o700)
    except FileExistsError:
        pass
    info = os.lstat(LOCK_DIR)
    if not os.path.isdir(LOCK_DIR) or os.path.islink(LOCK_DIR) or info.st_uid != 0 or info.st_mode & 0o022:
        raise GraderFault("fault_lock_folder", folder=LOCK_DIR)
    return LOCK_DIR


def _claim_uid(slot: int):
    """A user id no other running sandbox on this machine holds (a lock file says so), and that lock.

    The lock files live in a root-only folder and are opened without following links or truncating, so
    nothing planted can redirect them; two runs (whatever their TMPDIR) never share a user.
    """
    import fcntl  # Unix's; only a grader running as root on Linux (the jail's path) claims user ids

    folder = _lock_dir()
    for n in range(slot, slot + UID_RANGE):
        uid = FIRST_UID + n % UID_RANGE
        fd = os.open(os.path.join(folder, f"uid-{uid}.lock"), os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            continue
        return uid, fd
    raise GraderFault("fault_no_user_id", first=FIRST_UID, last=FIRST_UID + UID_RANGE - 1)


class SandboxFailure(Exception):
    """The submission's process could not finish. `finding` says why, as data (a code and its facts: the
    renderers word it in the reader's language); `reason` is that finding in English, for logs."""

    def __init__(self, code: str, /, **facts):
        self.finding = finding(code, **facts)
        self.reason = i18n.render(self.finding, "en")
        super().__init__(self.reason)


class GraderFault(SandboxFailure):
    """The grader, not the submission, failed (a worker or the jail could not start): nothing was graded.

    Its code is a `fault_*` finding; its facts are data (`seconds`, an exit `code`, a `folder`, user ids) and,
    as `detail`, text the grader did not write, verbatim: what the OS said, the last line the sandbox printed.
    """


def worker_env(extra: dict | None = None) -> dict:
    """The whole environment of a worker or a child: never the grader's own, which may hold the instructor's
    secret (AUTOGRADER_SECRET), tokens and paths. A child can read back the environment block it was started
    with from its own memory, so nothing else may be in it."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        # The child imports the grader's own package (the same checkout, wherever it is installed).
        "PYTHONPATH": os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
        "OMP_NUM_THREADS": "1",
        "AUTOGRADER_SANDBOX": "1",
    }
    return {**env, **(extra or {})}


def plain_env(extra: dict | None = None) -> dict:
    """The whole environment of a plain child (see `Plain`): `worker_env`, text in UTF-8 whatever the system's
    code page, and on Windows what Python needs there to start (`WINDOWS_ENV`)."""
    env = worker_env({"PYTHONUTF8": "1", **(extra or {})})
    if os.name == "nt":
        env.update({k: os.environ[k] for k in WINDOWS_ENV if k in os.environ})
    return env


class Spawned:
    """A child started as a new interpreter (`check`): pays the torch import, needs nothing else.

    The jail's description is the channel's first message (see `child.main`), never an argument.
    """

    def __init__(self, channel: socket.socket, cwd: str, log: int, env: dict, spec: dict):
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "autograder.jailed.child", str(channel.fileno()), str(os.getpid())],
            pass_fds=[channel.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
        self.pid = self.popen.pid
        self.spec = spec

    def poll(self) -> int | None:
        return self.popen.poll()

    def wait(self, timeout: float) -> int | None:
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None


class Plain(Spawned):
    """A child without the Linux jail (see `linux_jail`): `python -m autograder.jailed.plain`, a fresh
    interpreter on every platform, as the `spawn` start method starts one, never a fork.

    Windows cannot hand a socket to a new process by its number, so the child connects to the grader instead:
    to a listener on the loopback, open until the child proves with a one-time token (sent on its stdin, never
    on its command line) that it is the process started here. What it prints comes through a pipe that a
    thread drains as it comes, keeping what a report can show (`KEEP` bytes): no disk fills up, and the child
    never blocks on a full pipe. Its stdin stays open: the child ends when the grader closes it or dies (see
    `jailed.plain`).
    """

    KEEP = OUTPUT_CAP * 4 + 4  # bytes of output kept: what `Sandbox.output` reads
    QUIET = 0.05  # seconds without output after which what the child printed so far is all in `printed`

    def __init__(self, cwd: str, env: dict):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.token = secrets.token_bytes(16)
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "autograder.jailed.plain"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            cwd=cwd,
            env=env,
            start_new_session=True,  # POSIX: Ctrl-C in the grader's terminal is the grader's alone
            creationflags=getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0),  # the same on Windows
        )
        self.pid = self.popen.pid
        self.printed = bytearray()
        self.last_output = time.monotonic()
        self.drain = threading.Thread(target=self._drain, name=f"output-{self.pid}", daemon=True)
        self.drain.start()
        where = {"port": self.listener.getsockname()[1], "token": self.token.hex()}
        try:
            self.popen.stdin.write(json.dumps(where).encode() + b"\n")
            self.popen.stdin.flush()
        except OSError:
            pass  # a child that died this early is reported by the first request

    def _drain(self) -> None:
        out = self.popen.stdout
        try:
            while chunk := out.read1(1 << 16):
                self.last_output = time.monotonic()
                if len(self.printed) < self.KEEP:
                    self.printed += chunk[: self.KEEP - len(self.printed)]
        except (OSError, ValueError):
            pass

    def output(self) -> bytes:
        """What the child printed so far, at most KEEP bytes. The child flushes what it printed before each
        reply, so once the pipe has been quiet a moment (or the child has ended) the drain has read it all."""
        if self.poll() is not None:
            self.drain.join(1)
        else:
            end = time.monotonic() + 0.5
            while time.monotonic() - self.last_output < self.QUIET and time.monotonic() < end:
                time.sleep(self.QUIET / 5)
        return bytes(self.printed)

    def connect(self, deadline: float, watch) -> socket.socket:
        """The child's end of the channel, once it has sent the token; `watch` runs while waiting (it raises
        when the child has died). Raises codec.Deadline past `deadline`. The listener closes either way."""
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise codec.Deadline()
                self.listener.settimeout(min(left, 0.25))
                try:
                    conn, _ = self.listener.accept()
                except TimeoutError:
                    watch()
                    continue
                if self._proven(conn, min(deadline, time.monotonic() + 5)):
                    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    return conn
                conn.close()  # another process on this machine: not ours to talk to
        finally:
            self.listener.close()

    def _proven(self, conn: socket.socket, deadline: float) -> bool:
        said = b""
        while len(said) < len(self.token):
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            conn.settimeout(left)
            try:
                more = conn.recv(len(self.token) - len(said))
            except OSError:
                return False
            if not more:
                return False
            said += more
        return hmac.compare_digest(said, self.token)

    def release(self) -> None:
        """Closes the grader's ends once the child has stopped: its stdin, and its output once drained (a
        process it left behind may hold the pipe still; then the pipe goes with the process object)."""
        self.listener.close()
        with contextlib.suppress(OSError):
            self.popen.stdin.close()
        self.drain.join(1)
        if not self.drain.is_alive():
            self.popen.stdout.close()


class Zygote:
    """A worker process with torch imported, forking one child per submission (see `zygote`)."""

    def __init__(self, start: bool = False):
        self.process: subprocess.Popen | None = None
        self.control: socket.socket | None = None
        if start and linux_jail():  # without the Linux jail there is no worker: children are plain (`Plain`)
            jail.mode()  # its probe forks: here, before the grader's threads start, rather than in one of them
            self._start()  # its torch import then overlaps with whatever the grader does meanwhile

    def _start(self) -> None:
        control, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "autograder.jailed.zygote", str(theirs.fileno()), str(os.getpid())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=worker_env(),
            cwd="/",
            start_new_session=True,
        )
        theirs.close()
        self.control = control

    def fork(self, channel: socket.socket, cwd: str, log: int, env: dict, spec: dict) -> Forked:
        from autograder.jailed.zygote import send_control

        if self.process is None or self.process.poll() is not None:
            self.close()
            self._start()
        try:
            job = {"cwd": cwd, "env": env, "jail": spec}
            send_control(self.control, b"fork", job, [channel.fileno(), log])
            pid = codec.recv(self.control, time.monotonic() + 120)["pid"]
        except (OSError, codec.ChannelError, codec.Deadline, KeyError, TypeError):
            self.close()
            raise GraderFault("fault_worker_failed") from None
        return Forked(self, pid)

    def close(self) -> None:
        if self.control is not None:
            self.control.close()
            self.control = None
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None


class Forked:
    """A child forked by a Zygote; its exit status arrives on the zygote's control socket."""

    def __init__(self, zygote: Zygote, pid: int):
        self.zygote = zygote
        self.pid = pid
        self.code: int | None = None

    def poll(self) -> int | None:
        return self.wait(0)

    def wait(self, timeout: float) -> int | None:
        if self.code is None and self.zygote.control is not None:
            try:
                self.code = codec.recv(self.zygote.control, time.monotonic() + max(timeout, 0.01))["exit"]
            except codec.Deadline:
                return None
            except (codec.ChannelError, OSError, KeyError, TypeError):
                self.zygote.close()  # out of step with its worker: start a new one next time
                self.code = -signal.SIGKILL
        return self.code


def _weight(value) -> int:
    """About what an observation weighs in the grader's memory: tensor and bytes data, characters of text,
    and a Python object's worth (64 bytes) for every list, dict, entry and number."""
    if isinstance(value, torch.Tensor):
        return value.numel() * value.element_size()
    if isinstance(value, bytes | str):
        return len(value) + 64
    if isinstance(value, dict):
        return 64 + sum(_weight(k) + _weight(v) for k, v in value.items())
    if isinstance(value, list):
        return 64 + sum(_weight(v) for v in value)
    return 64


class Sandbox:
    """One submission's process.

    Args:
        timeout: wall-clock seconds for everything the submission does, from start to the last check.
        memory_mb: memory the submission may add on top of the interpreter and torch.
        slot: which unprivileged user to run as, when the grader is root (one per parallel worker).
        zygote: the warm worker to fork the child from (the Linux jail's path only; else a new interpreter).

    Without the Linux jail (`linux_jail()` is False) the child is `Plain`: no user of its own, no cgroup,
    no worker; the timeout, the memory watch and the child's own limits (`limits.apply_plain`) still hold.
    """

    def __init__(
        self,
        timeout: float = DEFAULT_TIMEOUT,
        memory_mb: int = DEFAULT_MEMORY_MB,
        slot: int = 0,
        zygote: Zygote | None = None,
    ):
        self.plain = not linux_jail()
        self.zygote = None if self.plain else zygote
        self.timeout = timeout
        self.memory_mb = memory_mb
        # A user namespace maps only its own root, so there is no other user to become inside one.
        own_user = not self.plain and os.geteuid() == 0 and jail.mode() != "userns"
        self.uid, self._uid_lock = _claim_uid(slot) if own_user else (None, None)
        self.token = uuid.uuid4().hex
        # Only the grader can enter this folder (mkdtemp makes it 0700): the child's log and the jail's mount
        # point live here, and the jailed child never sees it.
        self.workdir = tempfile.mkdtemp(prefix="autograder-")
        # What the submission prints goes to a memfd: its pages count against the submission's own memory (its
        # cgroup) and its file-size limit, never against the grader's disk. (A plain child's goes through a
        # pipe, see `Plain`.)
        self.log = None if self.plain else os.memfd_create("output", os.MFD_CLOEXEC)
        self.cgroup: Cgroup | None = None
        self.cgroup_problem: str | None = None  # what the OS said when the group could not be made
        self.cgroup_reason: str | None = None  # why the submission has no group (`cgroups.why_none`)
        self.process: Spawned | Forked | None = None
        self.sock: socket.socket | None = None
        self.deadline = 0.0  # wall clock (time.monotonic()) past which the submission is stopped
        self.cpu_limited = False  # True: the timeout counts the CPU time its cgroup used (see `_watch`)
        self.stage = {"stage": "starting"}  # what it is doing, as data (see `exercises.spec.stage`)
        self.ready = False  # the child said it is about to run student code (see child.serve)
        self.failure: SandboxFailure | None = None  # the first failure; every later request reports it again
        self.observed_bytes = 0  # tensor and bytes data of the observations kept so far (see `run`)

    # -- lifecycle

    def __enter__(self) -> Sandbox:
        try:
            self.start()
        except BaseException:
            self.close()  # a worker that failed to fork: nothing of this submission is left behind either
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def missing_protections(self) -> list[str]:
        """What this submission's jail lacks on this machine, as codes of `jail.PROTECTIONS` (empty: everything
        in the README). Without the Linux jail: that, and a memory cap where the system has none."""
        if self.plain:
            return ["linux_jail"] + ([] if limits.memory_cap() else ["memory_cap"])
        return jail.missing_protections(self.cgroup is not None, self.cpu_limited)

    def why_missing(self) -> dict[str, str]:
        """Why each of `missing_protections()` is missing here, as reason codes (see `jail.why_missing`)."""
        if self.plain:
            return {}
        return jail.why_missing(self.missing_protections(), self.cgroup_reason)

    def start(self) -> None:
        if self.plain:
            self._start_plain()
            return
        parent, child = socket.socketpair()
        jailed = jail.mode() != "none"
        if self.uid is not None and not jailed:
            os.chmod(self.workdir, 0o711)
            os.chown(self.workdir, self.uid, self.uid)
        self.cgroup_reason = cgroups.why_none()
        if self.cgroup_reason is None:
            try:
                self.cgroup = Cgroup.create(
                    self.token, (self.memory_mb + CGROUP_SLACK_MB) << 20, CGROUP_TASKS
                )
            except OSError as exc:  # a read-only /sys/fs/cgroup (a container), a group of another user
                self.cgroup_problem, self.cgroup_reason = str(exc), "refused"
        self.cpu_limited = self.cgroup is not None and self.cgroup.cpu_seconds() is not None
        home = jail.WORKDIR if jailed else self.workdir
        env = worker_env(
            {
                "AUTOGRADER_JOB": self.token,
                "HOME": home,
                "TMPDIR": "/tmp" if jailed else self.workdir,
                "MPLBACKEND": "Agg",
                "MPLCONFIGDIR": home,
            }
        )
        os.mkdir(os.path.join(self.workdir, "root"), 0o700)
        spec = jail.describe(self.memory_mb, self.uid, self.cgroup.paths if self.cgroup else [], self.workdir)
        if self.zygote is not None:
            self.process = self.zygote.fork(child, self.workdir, self.log, env, spec)
        else:
            self.process = Spawned(child, self.workdir, self.log, env, spec)
        child.close()
        self.sock = parent
        wall = self.timeout * (WALL_FACTOR if self.cpu_limited else 1)
        self.deadline = time.monotonic() + wall
        if isinstance(self.process, Spawned):
            try:
                codec.send(self.sock, {"jail": spec}, self.deadline)
            except (OSError, codec.Deadline):
                pass  # a child that died this early is reported by the first request

    def _start_plain(self) -> None:
        """Starts a plain child (see `Plain`); it connects when the first request needs it (`_request`), so
        that a child that never does is reported as every early death is."""
        env = plain_env(
            {
                "AUTOGRADER_JOB": self.token,
                "HOME": self.workdir,
                "TMPDIR": self.workdir,
                "MPLBACKEND": "Agg",
                "MPLCONFIGDIR": self.workdir,
            }
        )
        self.process = Plain(self.workdir, env)
        self.deadline = time.monotonic() + max(self.timeout, PLAIN_START_S)

    def close(self) -> None:
        if self.sock is not None:
            try:
                # With a deadline: a child that stopped reading (its channel full of unread requests) must
                # not hold the grader here.
                codec.send(self.sock, {"op": "exit"}, time.monotonic() + 1)
            except (OSError, codec.Deadline):
                pass
            self.sock.close()
            self.sock = None
        if self.process is not None:
            self.process.wait(2)
        self.kill()
        if self.process is not None and self.process.wait(10) is None and isinstance(self.process, Forked):
            self.zygote.close()  # its child will not die: never reuse that worker
        if self.cgroup is not None:
            self.cgroup.remove()
        if isinstance(self.process, Plain):
            self.process.release()
        if self.log is not None:
            os.close(self.log)
            self.log = None
        shutil.rmtree(self.workdir, ignore_errors=True)
        if self._uid_lock is not None:
            os.close(self._uid_lock)
            self._uid_lock = None

    # -- requests

    def exec_cells(self, cells: list[dict], at_graded=None) -> dict:
        """Runs the submission's cells; returns {"cells": [...], "names": [...]}.

        Where a cell holds an exercise's graded cell (`cell["graded"]`), the child pauses and
        `at_graded(exercise, {"cells": [...so far], "names": [...]})` runs, so that exercise is graded then and
        there (with `run`), as nbgrader grades it; then the cells go on.
        """
        self.stage = {"stage": "starting_code"}
        start = {"op": "start", "cells": cells, "memory_mb": self.memory_mb, "uid": self.uid}
        # CPU time as a backstop to the wall clock: the kernel stops the process even if the grader cannot.
        start["cpu_seconds"] = int(self.timeout) + CPU_GRACE_S
        reply = self._request(start)
        if reply != {"ready": True}:
            self._interfered()
        self.ready = True
        if self.plain:
            self.deadline = (
                time.monotonic() + self.timeout
            )  # the submission's time starts now (`PLAIN_START_S`)
        self.stage = {"stage": "running_code"}
        reply = self._request(None)
        graded = [e for cell in cells for e in cell.get("graded", [])]
        while "graded" in reply:
            # A pause, at the next graded cell and nowhere else: anything else is the submission's doing.
            if not graded or reply["graded"] != graded.pop(0):
                self._interfered()
            ran = self._checked(reply, cells, partial=True)
            if at_graded is not None:
                at_graded(reply["graded"], ran)
            self.stage = {"stage": "running_code"}
            reply = self._request({"op": "resume"})
        return self._checked(reply, cells)

    def _checked(self, reply: dict, cells: list[dict], partial: bool = False) -> dict:
        """The child's account of the cells it ran (all of them, or so far), checked and clipped."""
        reports, names = reply.get("cells"), reply.get("names")
        if not (isinstance(reports, list) and isinstance(names, list)):
            self._interfered()
        if len(reports) > len(cells) or (not partial and len(reports) != len(cells)):
            self._interfered()
        if not all(
            isinstance(r, dict) and (r.get("error") is None or schema.valid_error(r["error"]))
            for r in reports
        ):
            self._interfered()
        if not all(isinstance(n, str) for n in names):
            self._interfered()
        # The child is untrusted: cells keep the grader's own places, and what it says is clipped before the
        # grader stores or repeats it (a name longer than any the contract asks for names nothing to grade).
        return {
            "cells": [
                {"cell": cell["cell"], "error": codec.clip_strings(r.get("error"))}
                for cell, r in zip(cells, reports, strict=False)
            ],
            "names": [codec.clip(n) for n in names if len(n) <= codec.MAX_NAME],
        }

    def run(self, driver: str, params: dict, stage: dict) -> dict:
        """Runs a driver on the submission's objects as they are now (see `exec_cells` for graded cells).

        The probe's sealed values (see `sealed`) go to the child only after it committed its observation of the
        student's objects, at most once: what a driver commits (`schema.COMMITTED`) is taken from the commit,
        never from the reply that follows the reveal. Every reply is validated against its driver's form and
        weighed: a submission's observations together may not exceed MAX_OBSERVED_BYTES in the grader.
        """
        self.stage = stage
        shown, hidden = sealed.split(params)
        reply = self._request({"op": "run", "driver": driver, "params": shown})
        committed = None
        if "commit" in reply:
            if set(reply) != {"commit"}:
                self._interfered()
            committed = self._valid(lambda: schema.validate_commit(driver, reply["commit"]))
            try:
                if self.plain:
                    sealed.give_plain(self.sock, hidden, self.deadline)
                else:
                    sealed.give(self.sock, sealed.STORE.fd(params, hidden))
            except (OSError, codec.Deadline):
                pass  # the next read says what happened to the child
            reply = self._request(None)
        if set(reply) != {"result"} or not isinstance(reply["result"], dict):
            self._interfered()  # a second commit, or anything else that is not this request's answer
        result = reply["result"]
        if driver in schema.COMMITTED and "error" not in result:
            if committed is None:
                self._interfered()  # an answer that skipped the commit
            result = {k: v for k, v in result.items() if k not in schema.COMMITTED[driver]} | committed
        result = self._valid(lambda: schema.validate(driver, result))
        self.observed_bytes += _weight(result)
        if self.observed_bytes > MAX_OBSERVED_BYTES:
            self.kill()
            self.failure = SandboxFailure(
                "observations_too_large", megabytes=MAX_OBSERVED_BYTES >> 20, stage=self.stage
            )
            raise self.failure
        return codec.clip_strings(result)  # untrusted, like every reply: clipped before it is kept

    def _valid(self, check):
        """check(), or the submission's failure when what it sent does not have the form asked for."""
        try:
            return check()
        except schema.Invalid as exc:
            self.kill()
            self.failure = SandboxFailure("observation_invalid", stage=self.stage, path=exc.path)
            raise self.failure from None

    def _interfered(self):
        self.kill()
        self.failure = SandboxFailure("channel_interference", stage=self.stage)
        raise self.failure

    def output(self) -> tuple[str, bool]:
        """What the submission printed, capped at OUTPUT_CAP characters, and whether it was cut (the report
        says so in its own language)."""
        if isinstance(self.process, Plain):
            data = self.process.output()
        else:
            try:
                data = os.pread(self.log, OUTPUT_CAP * 4 + 4, 0) if self.log is not None else b""
            except OSError:
                return "", False
        text = data.decode("utf-8", "replace").translate(codec.SHOWN)  # never raw escape sequences
        return text[:OUTPUT_CAP], len(text) > OUTPUT_CAP

    def _request(self, message: dict | None) -> dict:
        """Sends `message` (None: only reads) and returns the child's reply, a dict.

        Whatever goes wrong once the child said it is about to run student code (`ready`) is the submission's
        failure: a dead process, a broken or malformed message, anything that raises while reading it. Before
        that only trusted code ran, so a failure is the grader's (`GraderFault`).
        """
        if self.failure is not None:
            raise self.failure
        try:
            if self.sock is None and isinstance(self.process, Plain):
                self.sock = self.process.connect(self.deadline, self._watch)
            if message is not None:
                codec.send(self.sock, message, self.deadline)
            return self._receive()
        except codec.Deadline:
            self.kill()
            if self.ready:
                self.failure = SandboxFailure("time_limit", seconds=f"{self.timeout:g}", stage=self.stage)
            else:
                self.failure = GraderFault("fault_start_timeout", seconds=f"{self.timeout:g}")
        except SandboxFailure as failure:
            self.failure = failure
        except Exception as exc:  # noqa: BLE001 (ChannelError, OSError, or a reply that breaks the reader)
            if isinstance(exc, codec.Malformed):
                failure = SandboxFailure("channel_interference", stage=self.stage)
            else:
                error = codec.clip(str(exc), 200)
                failure = self._why_dead() or SandboxFailure("channel_broken", stage=self.stage, error=error)
            self.kill()
            # A fault file is written by trusted code only, before `ready`: after it, it proves nothing.
            if self.ready:
                self.failure = failure
            else:
                self.failure = self._fault() or self._early_death()
        raise self.failure

    def _receive(self) -> dict:
        reply = codec.recv(self.sock, self.deadline, self._watch)
        if not isinstance(reply, dict):
            raise codec.ChannelError("unexpected reply")
        return reply

    def _early_death(self) -> GraderFault:
        """Why the child died before it ran student code: only trusted code had run, so its output is ours,
        and its last line (Python's own error, say) is kept verbatim."""
        code = self.process.wait(1) if self.process is not None else None
        code = "?" if code is None else code  # not ended yet, a second after it was killed
        lines = [line for line in self.output()[0].splitlines() if line.strip()]
        if not lines:
            return GraderFault("fault_child_exited", code=code)
        return GraderFault("fault_child_exited_said", code=code, detail=lines[-1][:300])

    def _fault(self) -> GraderFault | None:
        """What the trusted part of the child wrote before it gave up (see jail.report_fault), if anything: a
        step of the jail (a code of jail.FAULTS) and what the OS said."""
        try:
            with open(os.path.join(self.workdir, "fault"), "rb") as f:
                data = f.read(jail.FAULT_BYTES).decode("utf-8", "replace")
        except OSError:
            return None
        try:
            record = json.loads(data)
            code, detail = record["code"], record["detail"]
        except (ValueError, TypeError, KeyError):
            code, detail = None, None
        if code not in jail.FAULTS or not isinstance(detail, str):
            return GraderFault("fault_jail", detail=codec.clip(data[: jail.FAULT_DETAIL]))
        return GraderFault(code, detail=codec.clip(detail[: jail.FAULT_DETAIL]))

    def _watch(self) -> None:
        """Between reads: notice a dead child, CPU time over the timeout, a process tree over its memory."""
        if self.process.poll() is not None:
            raise codec.ChannelError("process exited")
        if self.cpu_limited and self.ready and (self.cgroup.cpu_seconds() or 0.0) > self.timeout:
            self.kill()
            raise SandboxFailure("time_limit", seconds=f"{self.timeout:g}", stage=self.stage)
        if self.cgroup is not None:
            return  # the kernel counts and caps the whole group
        # PSS, not RSS: forked processes share torch's pages copy-on-write, and RSS would count them once per
        # process (64 forks of a 300 MB interpreter are not 19 GB). A plain child's own process tree is what is
        # watched (reading every process's environment four times a second would cost more than it finds).
        used = 0
        for proc in self._tree(everywhere=not self.plain):
            try:
                used += proc.memory_full_info().pss
            except (psutil.Error, AttributeError):
                try:
                    used += proc.memory_info().rss
                except psutil.Error:
                    pass
        if used > (self.memory_mb + 1024) * (1 << 20):
            self.kill()
            raise SandboxFailure("memory_limit", megabytes=self.memory_mb)

    def _why_dead(self) -> SandboxFailure | None:
        """How the child ended, as the submission's failure; None while it runs."""
        if self.process is None:
            return None
        code = self.process.wait(1)
        if code is None:
            return None
        log, _ = self.output()
        oom = self.cgroup is not None and self.cgroup.oom_killed()
        if oom or "can't allocate memory" in log or "MemoryError" in log:
            return SandboxFailure("memory_limit_stopped", megabytes=self.memory_mb)
        if code < 0:
            return SandboxFailure("killed_by_signal", signal=signal.Signals(-code).name, stage=self.stage)
        return SandboxFailure("exited", code=code, stage=self.stage)

    # -- cleanup

    def _tree(self, everywhere: bool = True) -> list[psutil.Process]:
        """Every process that belongs to this submission: descendants, and `everywhere`, its group, its user,
        its token (whichever the platform can tell: Windows has no process groups or user ids to match)."""
        found: dict[int, psutil.Process] = {}
        if self.process is not None:
            try:
                root = psutil.Process(self.process.pid)
                found[root.pid] = root
                for proc in root.children(recursive=True):
                    found[proc.pid] = proc
            except psutil.Error:
                pass
        if not everywhere:
            return list(found.values())
        me = os.getpid()
        group = getattr(os, "getpgid", None)
        for proc in psutil.process_iter(["uids", "pid"] if self.uid is not None else ["pid"]):
            if proc.pid == me or proc.pid in found:
                continue
            try:
                if self.uid is not None and proc.info["uids"].real == self.uid:
                    found[proc.pid] = proc
                elif self.process is not None and group is not None and group(proc.pid) == self.process.pid:
                    found[proc.pid] = proc
                elif proc.environ().get("AUTOGRADER_JOB") == self.token:
                    found[proc.pid] = proc
            except (psutil.Error, OSError):
                pass
        return list(found.values())

    def _kill_child(self) -> None:
        """SIGKILL to a spawned child itself (ours to reap, so its pid is still its own). A forked child joins
        its group first thing after the fork, and its pid is its worker's to reap."""
        if isinstance(self.process, Spawned) and self.process.poll() is None:
            self.process.popen.kill()

    def kill(self) -> None:
        """SIGKILL (which cannot be ignored) to every process of the submission, until none is left."""
        if self.cgroup is not None and self.cgroup.kill():
            # Every process the submission started is in its cgroup, and the group is empty now: no need to
            # search the machine's processes (which costs tens of milliseconds per submission). Only the
            # child itself may be outside it still: it joins the group after its trusted start (the torch
            # import of a spawned child), and no student code has run before that.
            self._kill_child()
            if self.process is not None:
                self.process.wait(0.5)
            return
        for _ in range(20):
            alive = []
            for proc in self._tree():
                try:
                    if proc.status() != psutil.STATUS_ZOMBIE:
                        proc.kill()
                        alive.append(proc)
                except psutil.Error:
                    pass
            psutil.wait_procs(alive, timeout=1)
            if self.process is not None:
                self.process.wait(0.5)
            if not alive:
                return
