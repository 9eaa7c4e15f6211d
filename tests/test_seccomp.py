"""Does the seccomp filter deny what a submission never needs, and leave alone what it does need?

Each probe runs in a forked child that sets no_new_privs, installs the filter and reports the probe's errno
(0: the call succeeded) over an AF_UNIX socketpair opened before the filter, as the child's channel to the
grader is. As root without the filter, the same probes reach the kernel (the control), so an EPERM below is
the filter's doing. Probe arguments are chosen so that, unfiltered, a call fails harmlessly or changes only
the throwaway child.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import json
import mmap
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading

import pytest
from conftest import PYTHON, ROOT

from autograder.jailed import seccomp, syscalls


def _kernel_has_seccomp() -> bool:
    with open("/proc/self/status") as f:
        return any(line.startswith("Seccomp:") for line in f)


def _already_filtered() -> bool:
    with open("/proc/self/status") as f:
        return any(line.split() == ["Seccomp:", "2"] for line in f)


NEEDS_SECCOMP = pytest.mark.skipif(not _kernel_has_seccomp(), reason="this kernel has no seccomp")

_libc = ctypes.CDLL(None, use_errno=True)
NOWHERE = b"/nonexistent-seccomp-probe"
SIGCHLD = 17


def _nr(name: str) -> int:
    import pyseccomp

    return pyseccomp.resolve_syscall(pyseccomp.Arch.NATIVE, name)


def _raw(name: str, *args: int | bytes | None) -> int:
    """The errno of a raw system call, 0 when it succeeded."""
    converted = [ctypes.c_long(a) if isinstance(a, int) else a for a in args]
    ctypes.set_errno(0)
    result = _libc.syscall(ctypes.c_long(_nr(name)), *converted)
    return ctypes.get_errno() if result == -1 else 0


def _call(function, *args) -> int:
    """The errno `function(*args)` raises, 0 when it returns."""
    try:
        function(*args)
    except OSError as exc:
        return exc.errno
    return 0


def _socket(family: int, kind: int = socket.SOCK_STREAM) -> int:
    return _call(lambda: socket.socket(family, kind).close())


def _clone(flags: int) -> int:
    """clone() with `flags`; a child it makes exits at once."""
    args = (0, flags | SIGCHLD) if os.uname().machine.startswith("s390") else (flags | SIGCHLD, 0)
    ctypes.set_errno(0)
    pid = _libc.syscall(ctypes.c_long(_nr("clone")), *map(ctypes.c_long, (*args, 0, 0, 0)))
    if pid == 0:
        os._exit(0)
    if pid == -1:
        return ctypes.get_errno()
    os.waitpid(pid, 0)
    return 0


def _ioctl(request: int) -> int:
    fd = os.open("/dev/null", os.O_RDONLY)
    char = ctypes.c_char(b"x")
    return _raw("ioctl", fd, request, ctypes.byref(char))


# Calls the filter denies, and the errno each must fail with.
DENIED_PROBES = {
    "unshare(CLONE_NEWUSER)": (lambda: _call(syscalls.unshare, syscalls.CLONE_NEWUSER), errno.EPERM),
    "setns": (lambda: _raw("setns", -1, 0), errno.EPERM),
    "clone(CLONE_NEWUSER)": (lambda: _clone(syscalls.CLONE_NEWUSER), errno.EPERM),
    "clone(CLONE_NEWNET)": (lambda: _clone(syscalls.CLONE_NEWNET), errno.EPERM),
    "clone3": (lambda: _raw("clone3", None, 0), errno.ENOSYS),
    "socket(AF_INET)": (lambda: _socket(socket.AF_INET), errno.EPERM),
    "socket(AF_INET6)": (lambda: _socket(socket.AF_INET6), errno.EPERM),
    "socket(AF_NETLINK)": (lambda: _socket(socket.AF_NETLINK, socket.SOCK_RAW), errno.EPERM),
    "socket(AF_PACKET)": (lambda: _socket(socket.AF_PACKET, socket.SOCK_RAW), errno.EPERM),
    "socket(AF_VSOCK)": (lambda: _socket(socket.AF_VSOCK), errno.EPERM),
    # The kernel reads the family as an int: high bits must not smuggle AF_INET past the filter.
    "socket(AF_INET with high bits)": (
        lambda: _raw("socket", (1 << 32) | socket.AF_INET, socket.SOCK_STREAM, 0),
        errno.EPERM,
    ),
    "socketpair(AF_INET)": (lambda: _call(socket.socketpair, socket.AF_INET), errno.EPERM),
    "keyctl": (lambda: _raw("keyctl", 0, -3, 0), errno.EPERM),  # KEYCTL_GET_KEYRING_ID, session keyring
    "add_key": (lambda: _raw("add_key", b"no such type", b"x", None, 0, -2), errno.EPERM),
    "request_key": (lambda: _raw("request_key", b"no such type", b"x", None, 0), errno.EPERM),
    "io_uring_setup": (lambda: _raw("io_uring_setup", 1, None), errno.EPERM),
    "bpf": (lambda: _raw("bpf", 0xFFFF, None, 0), errno.EPERM),
    "userfaultfd": (lambda: _raw("userfaultfd", 0xFFFF), errno.EPERM),
    "perf_event_open": (lambda: _raw("perf_event_open", None, 0, -1, -1, 0), errno.EPERM),
    "ptrace(PTRACE_TRACEME)": (lambda: _raw("ptrace", 0, 0, 0, 0), errno.EPERM),
    "process_vm_readv": (lambda: _raw("process_vm_readv", os.getpid(), None, 0, None, 0, 0), errno.EPERM),
    "mount": (lambda: _call(syscalls.mount, "none", NOWHERE.decode(), "tmpfs"), errno.EPERM),
    "umount2": (lambda: _call(syscalls.umount, NOWHERE.decode()), errno.EPERM),
    "chroot": (lambda: _call(os.chroot, NOWHERE), errno.EPERM),
    "open_by_handle_at": (lambda: _raw("open_by_handle_at", -1, None, 0), errno.EPERM),
    "prctl(PR_SET_DUMPABLE, 1)": (lambda: _call(syscalls.prctl, seccomp.PR_SET_DUMPABLE, 1), errno.EPERM),
    "prctl(PR_SET_DUMPABLE with high bits, 1)": (
        lambda: _raw("prctl", (1 << 32) | seccomp.PR_SET_DUMPABLE, 1, 0, 0, 0),
        errno.EPERM,
    ),
    "prctl(PR_SET_PTRACER)": (lambda: _raw("prctl", seccomp.PR_SET_PTRACER, 0, 0, 0, 0), errno.EPERM),
    "personality(ADDR_NO_RANDOMIZE)": (lambda: _raw("personality", 0x0040000), errno.EPERM),
    "ioctl(TIOCSTI)": (lambda: _ioctl(seccomp.TIOCSTI), errno.EPERM),
    "ioctl(TIOCSTI with high bits)": (lambda: _ioctl((1 << 32) | seccomp.TIOCSTI), errno.EPERM),
    "ioctl(TIOCLINUX)": (lambda: _ioctl(seccomp.TIOCLINUX), errno.EPERM),
}


def _threads() -> int:
    done = []
    workers = [threading.Thread(target=done.append, args=(i,)) for i in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return 0 if sorted(done) == [0, 1, 2, 3] else -1


def _fork() -> int:
    pid = os.fork()
    if pid == 0:
        os._exit(7)
    return 0 if os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 7 else -1


def _files_and_mmap() -> int:
    with tempfile.TemporaryFile() as f:
        f.write(b"weights" * 1000)
        f.flush()
        with mmap.mmap(f.fileno(), 0) as mapped:
            ok = mapped[:7] == b"weights"
    with mmap.mmap(-1, 1 << 20) as anonymous:
        anonymous[:3] = b"abc"
        ok = ok and anonymous[:3] == b"abc"
    return 0 if ok else -1


def _unix_pair() -> int:
    a, b = socket.socketpair()
    a.sendall(b"ping")
    return 0 if b.recv(4) == b"ping" else -1


# Calls a submission (or CPython, torch, IPython under it) makes, which must still work.
ALLOWED_PROBES = {
    "socket(AF_UNIX)": lambda: _socket(socket.AF_UNIX),
    "socket(AF_UNIX, SOCK_DGRAM)": lambda: _socket(socket.AF_UNIX, socket.SOCK_DGRAM),
    "socketpair": _unix_pair,
    "fork and waitpid": _fork,
    "threads": _threads,
    "subprocess": lambda: subprocess.run(["true"], check=True).returncode,
    "files and mmap": _files_and_mmap,
    "personality(query)": lambda: _raw("personality", 0xFFFFFFFF),
    "personality(PER_LINUX)": lambda: _raw("personality", 0),
    "prctl(PR_GET_DUMPABLE)": lambda: _raw("prctl", 3, 0, 0, 0, 0),
    # /dev/null is no terminal: the kernel itself answers ENOTTY.
    "ioctl(TCGETS)": lambda: 0 if _ioctl(0x5401) == errno.ENOTTY else -1,
}


def _in_child(probe, filtered: bool = True):
    """What `probe()` returns in a forked child, with the filter installed there unless `filtered` is False."""
    parent, child = socket.socketpair()
    pid = os.fork()
    if pid == 0:
        try:
            parent.close()
            syscalls.prctl(syscalls.PR_SET_NO_NEW_PRIVS, 1)
            if filtered:
                seccomp.install()
            reply = {"result": probe()}
        except BaseException as exc:  # noqa: BLE001 (the parent reports whatever went wrong)
            reply = {"error": repr(exc)}
        try:
            child.sendall(json.dumps(reply).encode())
        finally:
            os._exit(0)
    child.close()
    with parent:
        data = b"".join(iter(lambda: parent.recv(65536), b""))
    os.waitpid(pid, 0)
    reply = json.loads(data)
    assert "error" not in reply, reply["error"]
    return reply["result"]


def test_available():
    """Is the filter available on this machine (libseccomp.so.2 and pyseccomp are installed)?"""
    if not _kernel_has_seccomp():
        pytest.skip("this kernel has no seccomp")
    assert seccomp.available(), seccomp.why_unavailable()
    assert seccomp.why_unavailable() is None


@NEEDS_SECCOMP
@pytest.mark.parametrize("name", DENIED_PROBES)
def test_denied(name):
    """Does the call fail with its errno (EPERM; ENOSYS for clone3) once the filter is installed?"""
    probe, expected = DENIED_PROBES[name]
    assert errno.errorcode.get(_in_child(probe), "success") == errno.errorcode[expected]


@pytest.mark.skipif(os.geteuid() != 0, reason="unfiltered, most probes fail for want of privilege")
@pytest.mark.skipif(_already_filtered(), reason="this process already runs under a seccomp filter")
@pytest.mark.parametrize("name", DENIED_PROBES)
def test_denied_without_filter(name):
    """Control: as root and without the filter, does the same call get past the permission checks, so that
    the EPERM above is the filter's?"""
    probe, expected = DENIED_PROBES[name]
    assert _in_child(probe, filtered=False) != expected


@NEEDS_SECCOMP
@pytest.mark.parametrize("name", ALLOWED_PROBES)
def test_allowed(name):
    """Does the call still work once the filter is installed?"""
    result = _in_child(ALLOWED_PROBES[name])
    assert result == 0, errno.errorcode.get(result, result)


@NEEDS_SECCOMP
def test_threads_started_before_install():
    """Does a thread that was already running when the filter was installed get it too (TSYNC)?"""

    def probe():
        go, results = threading.Event(), []
        thread = threading.Thread(target=lambda: (go.wait(), results.append(_socket(socket.AF_INET))))
        thread.start()
        seccomp.install()
        go.set()
        thread.join()
        return results[0]

    assert _in_child(probe, filtered=False) == errno.EPERM


@NEEDS_SECCOMP
def test_torch_under_filter():
    """Do torch's import and a forward pass work under the filter, which really is in place?"""
    script = (
        "from autograder.jailed import seccomp, syscalls\n"
        "syscalls.prctl(syscalls.PR_SET_NO_NEW_PRIVS, 1)\n"
        "seccomp.install()\n"
        "import torch\n"
        "print(tuple(torch.nn.Linear(4, 2)(torch.ones(1, 4)).shape))\n"
        "print([l.split()[1] for l in open('/proc/self/status') if l.startswith('Seccomp:')][0])\n"
    )
    done = subprocess.run(
        [PYTHON, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["(1,", "2)", "2"]  # the shape, then seccomp mode 2 (filter)


@NEEDS_SECCOMP
def test_every_name_has_a_rule():
    """Does the filter hold a rule for every listed call this machine has, and is no name a typo that
    libseccomp would skip?"""
    import pyseccomp

    names = {*seccomp.DENIED, *seccomp.DENIED_ENOSYS, *(rule.syscall for rule in seccomp.ARG_RULES)}
    assert [n for n in names if pyseccomp.resolve_syscall(pyseccomp.Arch.X86_64, n) < 0] == []
    with tempfile.TemporaryFile("w+") as f:
        seccomp.build().export_pfc(f)
        f.seek(0)
        text = f.read()
    here = {n for n in names if pyseccomp.resolve_syscall(pyseccomp.Arch.NATIVE, n) >= 0}
    assert {n for n in here if f'filter for syscall "{n}"' not in text} == set()


@NEEDS_SECCOMP
def test_unknown_name_is_skipped(monkeypatch):
    """Is a name this libseccomp does not know (a newer call, on an older version) skipped, not a crash?"""
    monkeypatch.setattr(seccomp, "DENIED", ("no_such_call", *seccomp.DENIED))
    with tempfile.TemporaryFile("w+") as f:
        seccomp.build().export_pfc(f)
        f.seek(0)
        assert 'filter for syscall "unshare"' in f.read()


@pytest.mark.parametrize("rule", [r for r in seccomp.ARG_RULES if r.test == "differs"], ids=str)
def test_differs_denies_exactly_the_others(rule):
    """Does a "differs" rule's set of masked comparisons deny every value but the allowed ones, whatever
    the high 32 bits (which the kernel ignores)?"""
    pairs = seccomp._masked(rule)
    rng = random.Random(0)
    values = {rng.getrandbits(64) for _ in range(3000)} | set(range(1 << 12))
    values |= {v ^ (1 << bit) for v in rule.values for bit in range(64)} | set(rule.values)
    values |= {v | (1 << 40) for v in rule.values}
    wrong = [v for v in values if any(v & m == x for m, x in pairs) == (v & 0xFFFFFFFF in rule.values)]
    assert wrong == []


@pytest.mark.parametrize("missing", ["libseccomp", "pyseccomp"])
def test_unavailable(monkeypatch, missing):
    """Without libseccomp.so.2 (simulated: ctypes' library lookup made to find no "seccomp") or without
    pyseccomp (simulated: its import made to fail), is available() False, and do why_unavailable() and
    install()'s SeccompUnavailable name what is missing, in one line, rather than crash?"""
    if missing == "libseccomp":
        real = ctypes.util.find_library
        monkeypatch.setattr(ctypes.util, "find_library", lambda n: None if n == "seccomp" else real(n))
        monkeypatch.delitem(sys.modules, "pyseccomp", raising=False)
    else:
        monkeypatch.setitem(sys.modules, "pyseccomp", None)
    seccomp._library.cache_clear()
    seccomp._prepared.cache_clear()
    try:
        assert not seccomp.available()
        assert missing in seccomp.why_unavailable()
        with pytest.raises(seccomp.SeccompUnavailable, match=missing) as raised:
            seccomp.install()
        assert "\n" not in str(raised.value)
    finally:
        seccomp._library.cache_clear()
        seccomp._prepared.cache_clear()


def test_import_is_cheap():
    """Does importing the module leave torch and libseccomp unloaded (the child imports it in the jail)?"""
    script = (
        "import sys\nimport autograder.jailed.seccomp\n"
        "print(sorted({'torch', 'pyseccomp'} & set(sys.modules)))\n"
    )
    done = subprocess.run([PYTHON, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.split() == ["[]"]
