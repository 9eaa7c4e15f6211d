"""The Linux system calls the jail needs that Python 3.11's `os` module lacks, through libc."""

from __future__ import annotations

import ctypes
import os
import platform

# The C library of this process, where there is one to open by no name (Linux, macOS). On Windows there is none
# (ctypes refuses the name None): this module still imports (the plain child imports `child`, which imports
# it), `available()` says no, and nothing here is called.
try:
    _libc = ctypes.CDLL(None, use_errno=True)
except (OSError, TypeError):
    _libc = None

# <sched.h>
CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

# <sys/mount.h>
MS_RDONLY = 1
MS_NOSUID = 2
MS_NODEV = 4
MS_NOEXEC = 8
MS_REMOUNT = 32
MS_BIND = 4096
MS_REC = 16384
MS_PRIVATE = 1 << 18
MNT_DETACH = 2

# <sys/prctl.h>
PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_SET_KEEPCAPS = 8
PR_CAPBSET_DROP = 24
PR_SET_NO_NEW_PRIVS = 38

_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "ppc64le": 203, "s390x": 217, "riscv64": 41}


def available() -> bool:
    """Whether this C library has the calls the jail makes (Linux's glibc or musl do; macOS's has no prctl)."""
    return _libc is not None and all(hasattr(_libc, n) for n in ("prctl", "unshare", "mount", "capset"))


def _check(result: int, what: str) -> int:
    if result == -1:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")
    return result


def unshare(flags: int) -> None:
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def mount(
    source: str | None, target: str, fstype: str | None, flags: int = 0, data: str | None = None
) -> None:
    def b(s):
        return None if s is None else os.fsencode(s)

    result = _libc.mount(b(source), b(target), b(fstype), ctypes.c_ulong(flags), b(data))
    _check(result, f"mount {source or fstype} on {target}")


def umount(target: str, flags: int = 0) -> None:
    _check(_libc.umount2(os.fsencode(target), ctypes.c_int(flags)), f"umount {target}")


def pivot_root(new_root: str, put_old: str) -> None:
    number = _PIVOT_ROOT.get(platform.machine())
    if number is None:
        raise OSError(0, f"pivot_root: unknown system call number on {platform.machine()}")
    _check(_libc.syscall(ctypes.c_long(number), os.fsencode(new_root), os.fsencode(put_old)), "pivot_root")


def sethostname(name: str) -> None:
    data = name.encode()
    _check(_libc.sethostname(data, ctypes.c_size_t(len(data))), "sethostname")


def prctl(option: int, arg: int = 0) -> None:
    _check(_libc.prctl(option, ctypes.c_ulong(arg), 0, 0, 0), f"prctl {option}")


def die_with_parent(parent: int) -> None:
    """SIGKILL when the parent dies: a killed grader takes its workers and their submissions with it.

    `parent` is the pid the caller was started by: if it died before the signal was armed, this process was
    already handed to another (a subreaper, or PID 1) and ends here.
    """
    prctl(PR_SET_PDEATHSIG, 9)
    if os.getppid() != parent:
        os._exit(1)


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


_CAP_VERSION_3 = 0x20080522
CAP_DAC_READ_SEARCH = 2


def set_capabilities(mask: int) -> None:
    """Effective and permitted capabilities become `mask` (a bit per capability, the first 32 only)."""
    header = _CapHeader(_CAP_VERSION_3, 0)
    data = (_CapData * 2)(_CapData(mask, mask, 0), _CapData(0, 0, 0))
    _check(_libc.capset(ctypes.byref(header), data), "capset")


def drop_bounding_set() -> None:
    """No process started from here on can ever regain a capability (not even by executing a setuid file)."""
    last = 40
    try:
        with open("/proc/sys/kernel/cap_last_cap") as f:
            last = int(f.read())
    except (OSError, ValueError):
        pass
    for cap in range(last + 1):
        try:
            prctl(PR_CAPBSET_DROP, cap)
        except OSError:
            pass  # without CAP_SETPCAP (a user namespace's root has it) there is nothing to drop
