"""The grader's side of the sandbox: start a child, talk to it under a deadline, leave nothing behind."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid

import psutil

from autograder.sandbox import codec

DEFAULT_TIMEOUT = 120.0
DEFAULT_MEMORY_MB = 2048
OUTPUT_CAP = 4000  # characters of the submission's own stdout/stderr kept for the report
FIRST_UID = 61000  # as root, the submission runs as a user of its own in [FIRST_UID, FIRST_UID + UID_RANGE)
UID_RANGE = 1000


def _claim_uid(slot: int):
    """A user id no other running sandbox on this machine holds (a lock file says so), and that lock.

    Cleanup kills every process of the submission's user, so two sandboxes must never share one.
    """
    for n in range(slot, slot + UID_RANGE):
        uid = FIRST_UID + n % UID_RANGE
        lock = open(os.path.join(tempfile.gettempdir(), f"autograder-uid-{uid}.lock"), "w")  # noqa: SIM115
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            continue
        return uid, lock
    raise RuntimeError("no free user id for the sandbox")


class SandboxFailure(Exception):
    """The submission's process could not finish: `reason` is what a student reads."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Sandbox:
    """One submission's process.

    Args:
        timeout: wall-clock seconds for everything the submission does, from start to the last check.
        memory_mb: memory the submission may add on top of the interpreter and torch.
        slot: which unprivileged user to run as, when the grader is root (one per parallel worker).
    """

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, memory_mb: int = DEFAULT_MEMORY_MB, slot: int = 0):
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.uid, self._uid_lock = _claim_uid(slot) if os.geteuid() == 0 else (None, None)
        self.token = uuid.uuid4().hex
        self.workdir = tempfile.mkdtemp(prefix="autograder-")
        self.log_path = os.path.join(self.workdir, "output.log")
        self.process: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self.deadline = 0.0
        self.stage = "starting"
        self.failure: SandboxFailure | None = None  # the first failure; every later request reports it again

    # -- lifecycle

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def start(self) -> None:
        parent, child = socket.socketpair()
        if self.uid is not None:
            os.chown(self.workdir, self.uid, self.uid)
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER")},
            "AUTOGRADER_JOB": self.token,
            "HOME": self.workdir,
            "TMPDIR": self.workdir,
            "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": self.workdir,
            "PYTHONDONTWRITEBYTECODE": "1",
            "OMP_NUM_THREADS": "1",
        }
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "autograder.sandbox.child", str(child.fileno())],
                pass_fds=[child.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.workdir,
                env=env,
                start_new_session=True,
            )
        child.close()
        self.sock = parent
        self.deadline = time.monotonic() + self.timeout

    def close(self) -> None:
        if self.sock is not None:
            try:
                codec.send(self.sock, {"op": "exit"})
            except OSError:
                pass
            self.sock.close()
            self.sock = None
        if self.process is not None:
            try:
                self.process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)
        if self._uid_lock is not None:
            self._uid_lock.close()
            self._uid_lock = None

    # -- requests

    def exec_cells(self, cells: list[dict]) -> dict:
        """Runs the submission's cells; returns {"cells": [...], "names": [...]}."""
        self.stage = "running your code"
        return self._request(
            {"op": "start", "cells": cells, "memory_mb": self.memory_mb, "uid": self.uid},
        )

    def run(self, driver: str, params: dict, stage: str) -> dict:
        self.stage = stage
        return self._request({"op": "run", "driver": driver, "params": params})["result"]

    def output(self) -> str:
        """What the submission printed, capped."""
        try:
            with open(self.log_path, "rb") as f:
                text = f.read(OUTPUT_CAP + 1).decode("utf-8", "replace")
        except OSError:
            return ""
        return text if len(text) <= OUTPUT_CAP else text[:OUTPUT_CAP] + "\n... (output cut)"

    def _request(self, message: dict) -> dict:
        if self.failure is not None:
            raise self.failure
        try:
            codec.send(self.sock, message, self.deadline)
            return self._receive()
        except codec.Deadline:
            self.kill()
            self.failure = SandboxFailure(
                f"time limit: the submission ran for more than {self.timeout:g} s (while {self.stage})"
            )
        except SandboxFailure as failure:
            self.failure = failure
        except (codec.ChannelError, OSError) as exc:
            reason = self._why_dead() or f"the submission's process broke the grader's channel ({exc})"
            self.kill()
            self.failure = SandboxFailure(reason)
        raise self.failure

    def _receive(self) -> dict:
        while True:
            tick = min(self.deadline, time.monotonic() + 0.25)
            try:
                reply = codec.recv(self.sock, tick)
            except codec.Deadline:
                if time.monotonic() >= self.deadline:
                    raise
                self._watch()
                continue
            if not isinstance(reply, dict):
                raise codec.ChannelError("unexpected reply")
            return reply

    def _watch(self) -> None:
        """Between reads: notice a dead child and a process tree over its memory."""
        if self.process.poll() is not None:
            raise codec.ChannelError("process exited")
        rss = 0
        for proc in self._tree():
            try:
                rss += proc.memory_info().rss
            except psutil.Error:
                pass
        if rss > (self.memory_mb + 1024) * (1 << 20):
            self.kill()
            raise SandboxFailure(f"memory limit: the submission used more than {self.memory_mb} MB")

    def _why_dead(self) -> str | None:
        if self.process is None:
            return None
        try:
            code = self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            return None
        log = self.output()
        if "can't allocate memory" in log or "MemoryError" in log:
            return (
                f"memory limit: the submission's process was stopped for using more than {self.memory_mb} MB"
            )
        if code < 0:
            return f"the submission's process was killed by signal {signal.Signals(-code).name} (while {self.stage})"
        return f"the submission ended the Python process with exit code {code} (while {self.stage})"

    # -- cleanup

    def _tree(self) -> list[psutil.Process]:
        """Every process that belongs to this submission: descendants, its group, its user, its token."""
        found: dict[int, psutil.Process] = {}
        if self.process is not None:
            try:
                root = psutil.Process(self.process.pid)
                found[root.pid] = root
                for proc in root.children(recursive=True):
                    found[proc.pid] = proc
            except psutil.Error:
                pass
        me = os.getpid()
        for proc in psutil.process_iter(["uids", "pid"]):
            if proc.pid == me or proc.pid in found:
                continue
            try:
                if self.uid is not None and proc.info["uids"].real == self.uid:
                    found[proc.pid] = proc
                elif self.process is not None and os.getpgid(proc.pid) == self.process.pid:
                    found[proc.pid] = proc
                elif proc.environ().get("AUTOGRADER_JOB") == self.token:
                    found[proc.pid] = proc
            except (psutil.Error, OSError):
                pass
        return list(found.values())

    def kill(self) -> None:
        """SIGKILL (which cannot be ignored) to every process of the submission, until none is left."""
        for _ in range(20):
            procs = self._tree()
            alive = []
            for proc in procs:
                try:
                    if proc.status() != psutil.STATUS_ZOMBIE:
                        proc.kill()
                        alive.append(proc)
                except psutil.Error:
                    pass
            if self.process is not None and self.process.poll() is None:
                alive.append(self.process)
            psutil.wait_procs([p for p in alive if isinstance(p, psutil.Process)], timeout=1)
            if self.process is not None:
                try:
                    self.process.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    continue
            if not alive:
                return
