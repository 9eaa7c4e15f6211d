"""A control group per submission: the kernel enforces its memory and process caps and can kill all of it.

Both layouts exist in the wild: cgroup v2 (one tree at /sys/fs/cgroup, the default on current distributions)
and v1 (one tree per controller: /sys/fs/cgroup/memory, /pids, /freezer, /cpu, /cpuacct). The grader creates
the group as root (without root, inside a group that root delegated to its user: `DELEGATED`); the
submission's first process joins it before it runs anything, so every process it ever starts is in it,
wherever it goes (a new session, a daemon, a process that left its parent). Memory counts tmpfs pages too, so
files written to the jail's /tmp or /dev/shm are within the cap.

CPU: where the kernel has the cpu controller, each group may use at most one CPU (`CPU_SHARE`: v2
`cpu.max`, v1 `cpu.cfs_quota_us`), whatever number of processes it starts, and its CPU time is read back
(`cpu_seconds`) so that a time limit counts the time the submission used, not the time it waited while
others ran. Without the controller the group still caps memory and processes, and the grader says which
protection is missing.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import time

ROOT = "/sys/fs/cgroup"
GROUP = "autograder"  # every submission's group lives under this one, named <grader pid>-<token>
V1_CONTROLLERS = ("memory", "pids", "freezer")  # the ones the jail cannot do without, in this order
V1_CPU = ("cpu", "cpuacct")  # a CPU share and its accounting, where the kernel has them
CPU_PERIOD_US = 100_000
CPU_SHARE = 1.0  # CPUs one submission may use at once


def _write(path: str, value: str) -> None:
    with open(path, "w") as f:
        f.write(value)


def _read(path: str) -> str:
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return ""


# Without root: a group that root made and gave to the grader's user (`chown -R`), named the same under every
# controller's hierarchy (v1) or once (v2); submissions' groups are made inside it. See docs/containers.md.
DELEGATED = "AUTOGRADER_CGROUP"


def delegated() -> str | None:
    """The delegated group's name (AUTOGRADER_CGROUP, relative to each hierarchy's root), when one is set."""
    name = os.environ.get(DELEGATED, "").strip().strip("/")
    return name if name and ".." not in name.split("/") else None


@functools.cache
def version() -> int | None:
    """2 or 1 when this process can create groups with the controllers the jail needs; None otherwise."""
    return _layout()[0]


def why_none() -> str | None:
    """Why submissions get no cgroup here, as a reason code (`[terms] protection_why_<code>`): `not_delegated`
    (an ordinary user, and no group delegated to it), `no_controllers` (no memory and pids controllers),
    `delegated_unusable` (AUTOGRADER_CGROUP names a group this user cannot write to); None when they can get
    one (creating it may still fail: then `refused`, see `Cgroup.create`)."""
    return _layout()[1]


@functools.cache
def _layout() -> tuple[int | None, str | None]:
    if os.geteuid() != 0 and delegated() is None:
        return None, "not_delegated"
    if os.path.exists(os.path.join(ROOT, "cgroup.controllers")):
        controllers = _read(os.path.join(ROOT, "cgroup.controllers")).split()
        v = 2 if {"memory", "pids"} <= set(controllers) else None
    elif all(os.path.exists(os.path.join(ROOT, c, "cgroup.procs")) for c in V1_CONTROLLERS):
        v = 1
    else:
        v = None
    if v is None:
        return None, "no_controllers"
    name = delegated()
    if name is not None:
        folders = (
            [os.path.join(ROOT, name)] if v == 2 else [os.path.join(ROOT, c, name) for c in V1_CONTROLLERS]
        )
        if not all(os.path.isdir(f) and os.access(f, os.W_OK) for f in folders):
            return None, "delegated_unusable"
    return v, None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Cgroup:
    """One submission's group. `paths` are the folders whose `cgroup.procs` a process writes itself into."""

    def __init__(self, paths: list[str], v: int):
        self.paths = paths
        self.version = v
        self.cpu_usage: str | None = None  # the file that counts the group's CPU time, when it has one

    @classmethod
    def create(cls, token: str, memory_bytes: int, max_tasks: int) -> Cgroup:
        """Raises OSError when the kernel refuses (the caller then grades without one, and says so)."""
        v = version()
        if v is None:
            raise OSError("no cgroup with memory and pids controllers available")
        name = f"{os.getpid()}-{token}"
        parents = _parents(v)
        if v == 2:
            path = os.path.join(parents[0], name)
            os.mkdir(path, 0o755)
            group = cls([path], 2)
            _write(os.path.join(path, "memory.max"), str(memory_bytes))
            with contextlib.suppress(OSError):
                _write(os.path.join(path, "memory.swap.max"), "0")
            _write(os.path.join(path, "pids.max"), str(max_tasks))
            if cpu_controller():
                _write(os.path.join(path, "cpu.max"), f"{int(CPU_SHARE * CPU_PERIOD_US)} {CPU_PERIOD_US}")
                group.cpu_usage = os.path.join(path, "cpu.stat")
            return group
        paths = [os.path.join(p, name) for p in parents]
        group = cls([], 1)
        try:
            for path in paths:
                # Co-mounted hierarchies (Debian's cpu,cpuacct) are one folder under two names.
                if not any(os.path.samefile(path, p) for p in group.paths if os.path.exists(path)):
                    os.mkdir(path, 0o755)
                group.paths.append(path)
            memory = paths[0]
            _write(os.path.join(memory, "memory.limit_in_bytes"), str(memory_bytes))
            with contextlib.suppress(OSError):  # absent without swap accounting
                _write(os.path.join(memory, "memory.memsw.limit_in_bytes"), str(memory_bytes))
            _write(os.path.join(paths[1], "pids.max"), str(max_tasks))
            if cpu_controller():
                cpu, cpuacct = paths[len(V1_CONTROLLERS) :]
                _write(os.path.join(cpu, "cpu.cfs_period_us"), str(CPU_PERIOD_US))
                _write(os.path.join(cpu, "cpu.cfs_quota_us"), str(int(CPU_SHARE * CPU_PERIOD_US)))
                group.cpu_usage = os.path.join(cpuacct, "cpuacct.usage")
        except OSError:
            group.remove()
            raise
        return group

    def pids(self) -> set[int]:
        found: set[int] = set()
        for path in self.paths:
            for line in _read(os.path.join(path, "cgroup.procs")).split():
                with contextlib.suppress(ValueError):
                    found.add(int(line))
        return found

    def kill(self, wait: float = 10.0) -> bool:
        """SIGKILL to every process in the group, frozen first so that none can fork meanwhile.

        Returns True once the group is empty.
        """
        stop = time.monotonic() + wait
        while True:
            pids = self.pids()
            if not pids:
                return True
            if self.version == 2 and os.path.exists(os.path.join(self.paths[0], "cgroup.kill")):
                with contextlib.suppress(OSError):
                    _write(os.path.join(self.paths[0], "cgroup.kill"), "1")
            else:
                self._freeze(True)
                for pid in pids:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
                self._freeze(False)
            if time.monotonic() > stop:
                return False
            time.sleep(0.02)

    def _freeze(self, frozen: bool) -> None:
        if self.version == 2:
            with contextlib.suppress(OSError):
                _write(os.path.join(self.paths[0], "cgroup.freeze"), "1" if frozen else "0")
            return
        state = os.path.join(self.paths[2], "freezer.state")
        with contextlib.suppress(OSError):
            _write(state, "FROZEN" if frozen else "THAWED")
            if frozen:
                for _ in range(50):
                    if _read(state).strip() == "FROZEN":
                        break
                    time.sleep(0.002)

    def oom_killed(self) -> bool:
        """Did the kernel kill a process of this group for going over its memory cap?"""
        events = "memory.events" if self.version == 2 else "memory.oom_control"
        for line in _read(os.path.join(self.paths[0], events)).splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill" and value.strip().isdigit() and int(value) > 0:
                return True
        if self.version == 1:
            return _read(os.path.join(self.paths[0], "memory.failcnt")).strip() not in ("", "0")
        return False

    def cpu_seconds(self) -> float | None:
        """CPU time used by every process of the group so far (user and system), or None without accounting."""
        if self.cpu_usage is None:
            return None
        text = _read(self.cpu_usage)
        if self.version == 1:
            return int(text) / 1e9 if text.strip().isdigit() else None
        for line in text.splitlines():
            key, _, value = line.partition(" ")
            if key == "usage_usec" and value.strip().isdigit():
                return int(value) / 1e6
        return None

    def peak_bytes(self) -> int:
        name = "memory.peak" if self.version == 2 else "memory.max_usage_in_bytes"
        value = _read(os.path.join(self.paths[0], name)).strip()
        return int(value) if value.isdigit() else 0

    def remove(self) -> None:
        """Kills what is left, then removes the group's folders."""
        self.kill()
        for path in self.paths:
            for _ in range(50):
                try:
                    os.rmdir(path)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)
        self.paths = []


@functools.cache
def cpu_controller() -> bool:
    """Whether groups get a CPU share and CPU accounting here (v2: the cpu controller is available to enable;
    v1: the cpu and cpuacct hierarchies are mounted)."""
    v = version()
    if v == 2:
        return "cpu" in _read(os.path.join(ROOT, "cgroup.controllers")).split()
    if v != 1:
        return False
    name = delegated()
    if name is not None:  # the cpu hierarchies' group must have been delegated too
        return all(os.access(os.path.join(ROOT, c, name, "cgroup.procs"), os.W_OK) for c in V1_CPU)
    return all(os.path.exists(os.path.join(ROOT, c, "cgroup.procs")) for c in V1_CPU)


@functools.cache
def _parents(v: int) -> tuple[str, ...]:
    """The folders every submission's group lives in, set up once per grader process (not per submission):
    created, their controllers enabled (v2), and emptied of groups left by graders that were killed."""
    name = delegated()
    if v == 2:
        parents = (os.path.join(ROOT, name or GROUP),)
        os.makedirs(parents[0], exist_ok=True)
        wanted = "+memory +pids" + (" +cpu" if cpu_controller() else "")
        if name is None:
            with contextlib.suppress(OSError):
                _write(os.path.join(ROOT, "cgroup.subtree_control"), wanted)
        _write(os.path.join(parents[0], "cgroup.subtree_control"), wanted)
    else:
        controllers = V1_CONTROLLERS + (V1_CPU if cpu_controller() else ())
        parents = tuple(os.path.join(ROOT, c, name or GROUP) for c in controllers)
        for parent in parents:
            os.makedirs(parent, exist_ok=True)
    _remove_stale(parents)
    return parents


def _remove_stale(parents) -> None:
    """Groups left by a grader that was killed (kill -9 leaves no time to clean up): emptied and removed."""
    for parent in parents:
        try:
            names = os.listdir(parent)
        except OSError:
            continue
        for name in names:
            pid, _, _ = name.partition("-")
            if not pid.isdigit() or _alive(int(pid)):
                continue
            path = os.path.join(parent, name)
            for pid_text in _read(os.path.join(path, "cgroup.procs")).split():
                with contextlib.suppress(OSError, ValueError):
                    os.kill(int(pid_text), signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.rmdir(path)
