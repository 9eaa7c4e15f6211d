"""What the child does to itself after its trusted setup and before it runs a line of student code."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import sysconfig

from autograder.jailed import seccomp
from autograder.jailed import syscalls as sc

try:
    import resource
except ImportError:  # Windows: the plain child (see `plain`) imports this module too, and has no rlimits
    resource = None

MB = 1 << 20
MAX_FILE_BYTES = 256 * MB
MAX_TASKS = 64  # processes and threads of the submission's own user, when the grader can give it one


def _vm_size() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def apply(memory_mb: int | None, uid: int | None, cpu_seconds: int | None = None) -> None:
    """Caps memory, CPU time, file size and core dumps; gives up every privilege for good (not dumpable
    either); installs the seccomp filter (see `seccomp`) where the machine has one.

    As root, becomes the unprivileged `uid`; as the root of a user namespace, drops every capability. Either
    way no capability can come back (empty bounding set, no_new_privs). The address-space cap is counted
    from what the interpreter and torch already mapped, so `memory_mb` is what the submission itself may add
    (the cgroup, where there is one, is the cap the kernel enforces for all its processes together).
    """
    _one_thread_and_rlimits(cpu_seconds)
    if os.geteuid() == 0:
        sc.drop_bounding_set()
        if uid is not None:
            drop_root(uid)
        else:
            sc.set_capabilities(0)  # the root of a user namespace: root in name only from here on
    sc.prctl(sc.PR_SET_NO_NEW_PRIVS, 1)
    # Not dumpable: /proc/self/environ, mem and maps become root's, and no process of the same user may attach.
    # The seccomp filter then refuses PR_SET_DUMPABLE, so the submission cannot turn this back.
    sc.prctl(sc.PR_SET_DUMPABLE, 0)
    if memory_mb:
        cap = _vm_size() + memory_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    if seccomp.available():
        # Last: what came before needed calls the filter refuses. A kernel that refuses the filter after all
        # leaves the submission without it; the grader names that protection as missing (`jail`).
        with contextlib.suppress(seccomp.SeccompUnavailable):
            seccomp.install()


def _one_thread_and_rlimits(cpu_seconds: int | None) -> None:
    """What every child does first, jailed or not: one thread for torch; no core dumps, a file-size cap and a
    CPU-time backstop, where there is a `resource` module (not on Windows)."""
    import torch

    torch.set_num_threads(1)
    if resource is None:
        return
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))
    if cpu_seconds:
        used = int(sum(resource.getrusage(resource.RUSAGE_SELF)[:2]))
        resource.setrlimit(resource.RLIMIT_CPU, (used + cpu_seconds, used + cpu_seconds + 5))


def memory_cap() -> bool:
    """Whether a process here can cap its own memory: `RLIMIT_AS`, counted from what it has already mapped, as
    Linux's `/proc/self/status` says. Elsewhere (Windows has no rlimits; macOS reports no such count) only the
    grader's watch of the memory used stops a submission (see `sandbox.runner.Sandbox._watch`)."""
    return resource is not None and sys.platform.startswith("linux")


def apply_plain(memory_mb: int | None, uid: int | None = None, cpu_seconds: int | None = None) -> None:
    """`apply` without the Linux jail (see `plain`): the limits this platform has, and nothing else.

    One thread for torch; where there is a `resource` module, no core dumps, a file-size cap, the CPU-time
    backstop, and the address-space cap where `memory_cap()` says it works. No user, capability, no_new_privs
    or seccomp filter: those are the Linux jail's. `uid` is always None here (the signature is `apply`'s).
    """
    _one_thread_and_rlimits(cpu_seconds)
    if memory_mb and memory_cap():
        cap = _vm_size() + memory_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def drop_root(uid: int) -> None:
    """Becomes `uid`, a user that owns nothing.

    Inside the jail, Python is mounted where every user can read it. Without the jail (no namespaces) and with
    Python installed somewhere other users cannot read (a pyenv under /root), the child keeps
    CAP_DAC_READ_SEARCH so it can still import the standard library: it can then read any file, which is why
    the grader reports that fallback as a missing protection.
    """
    need_read = not all(_world_readable(p) for p in _python_dirs())
    if need_read:
        sc.prctl(sc.PR_SET_KEEPCAPS, 1)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    # Changing user clears the parent-death signal: armed again, so the submission still dies with its parent.
    sc.prctl(sc.PR_SET_PDEATHSIG, 9)
    if need_read:
        sc.set_capabilities(1 << sc.CAP_DAC_READ_SEARCH)
    resource.setrlimit(resource.RLIMIT_NPROC, (MAX_TASKS, MAX_TASKS))


def _python_dirs() -> list[str]:
    paths = sysconfig.get_paths()
    return [os.path.dirname(os.__file__), paths["purelib"], paths["platlib"], paths["platstdlib"]]


def _world_readable(path: str) -> bool:
    path = os.path.abspath(path)
    while True:
        try:
            mode = os.stat(path).st_mode
        except OSError:
            return False
        if not mode & stat.S_IXOTH or not mode & stat.S_IROTH:
            return False
        parent = os.path.dirname(path)
        if parent == path:
            return True
        path = parent
