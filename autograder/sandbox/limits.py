"""What the child does to itself after its trusted setup and before it runs a line of student code."""

from __future__ import annotations

import ctypes
import os
import resource
import stat
import sysconfig

MB = 1 << 20
MAX_FILE_BYTES = 256 * MB
MAX_TASKS = 64  # processes and threads of the submission's own user, when the grader can give it one
_PR_SET_KEEPCAPS = 8
_PR_SET_NO_NEW_PRIVS = 38
_CAP_DAC_READ_SEARCH = 2
_CAP_VERSION_3 = 0x20080522


def _vm_size() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def apply(memory_mb: int | None, uid: int | None) -> None:
    """Caps memory, file size and core dumps; as root, becomes the unprivileged `uid` for good.

    The address-space cap is counted from what the interpreter and torch already mapped, so `memory_mb`
    is what the submission itself may add.
    """
    import torch

    torch.set_num_threads(1)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES))
    if uid is not None and os.geteuid() == 0:
        drop_root(uid)
    if memory_mb:
        cap = _vm_size() + memory_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def drop_root(uid: int) -> None:
    """Becomes `uid`, a user that owns nothing, with at most the right to read files.

    Where Python itself is installed somewhere other users cannot read (a pyenv under /root), the child keeps
    CAP_DAC_READ_SEARCH so it can still import the standard library; it can write nothing outside its own
    folder, signal no other user's process, and the process-count limit holds for it.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    need_read = not all(_world_readable(p) for p in _python_dirs())
    if need_read:
        libc.prctl(_PR_SET_KEEPCAPS, 1, 0, 0, 0)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    if need_read:
        _set_capabilities(libc, 1 << _CAP_DAC_READ_SEARCH)
    libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
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


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _set_capabilities(libc, mask: int) -> None:
    header = _CapHeader(_CAP_VERSION_3, 0)
    data = (_CapData * 2)(_CapData(mask, mask, 0), _CapData(0, 0, 0))
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")
