"""A seccomp filter for the jailed child: the system calls a submission never needs, denied.

The child calls `install()` after its trusted setup (namespaces, limits, privileges dropped, no_new_privs set),
right before student code runs. From then on, in that process and every process or thread it starts, each
call listed here fails with EPERM (`clone3` with ENOSYS, so that glibc falls back to `clone`, whose flags the
filter can read): an ordinary `OSError` in student code, which the grader reports like any other. Nothing is
killed. Every other call is allowed: CPython, torch and IPython use a large and varied set.

Anchors: Docker's default profile (the personality values it allows, clone3's ENOSYS), nsjail and isolate.
The filter is built with libseccomp (through `pyseccomp`), which resolves each name for this machine's
architecture; a name this libseccomp does not know, or that does not exist here, is skipped. Without
libseccomp, `available()` is False and `install()` raises `SeccompUnavailable`, for the grader to report as
a missing protection (`why_unavailable()` says why). `build().export_pfc(sys.stdout)` prints the filter.

Building the filter costs a few milliseconds, loading it about one: a process that calls `available()`
before it forks (the worker, as it preloads torch) hands every child a filter built once, and spares the
child from looking libseccomp up (pyseccomp's import runs `ldconfig -p`) inside the jail.

This module imports nothing heavy (libseccomp is loaded on first use): the jail mounts it for the child.
"""

from __future__ import annotations

import errno
import functools
import os
from typing import NamedTuple

DENIED = (
    # New namespaces (a user namespace above all: in it the submission is root again, with the kernel
    # attack surface that opens) and entering other ones. clone's flags are filtered in ARG_RULES.
    "unshare",
    "setns",
    # Kernel features students never need, each with a long record of privilege escalations: keyrings,
    # io_uring, eBPF, userfaultfd (which stalls the kernel at will) and perf events.
    "add_key",
    "request_key",
    "keyctl",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "bpf",
    "userfaultfd",
    "perf_event_open",
    # Reading or changing other processes: the jail's other processes, and through them the channel.
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "pidfd_getfd",
    "kcmp",
    # The filesystem the jail built, which must stay as it is.
    "mount",
    "umount2",
    "pivot_root",
    "chroot",
    "move_mount",
    "open_tree",
    "fsopen",
    "fsmount",
    "fsconfig",
    "fspick",
    "mount_setattr",
    "name_to_handle_at",
    "open_by_handle_at",
    "quotactl",
    "quotactl_fd",
    "swapon",
    "swapoff",
    # The machine itself: kernel code, power, clocks, raw I/O ports, accounting, the kernel log. They need
    # capabilities the child has dropped; denying them here also shuts the paths a kernel bug might open.
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "reboot",
    "acct",
    "settimeofday",
    "clock_settime",
    "clock_adjtime",
    "adjtimex",
    "iopl",
    "ioperm",
    "vhangup",
    "lookup_dcookie",
    "syslog",
    "uselib",
)

# clone3 passes its flags in memory, where a filter cannot read them: ENOSYS makes glibc use clone instead.
DENIED_ENOSYS = ("clone3",)

AF_UNIX = 1
PR_SET_DUMPABLE = 4
PR_SET_PTRACER = 0x59616D61
_PR_GET_SECCOMP = 21
TIOCSTI = 0x5412
TIOCLINUX = 0x541C
CLONE_NEWNS = 0x00020000
CLONE_NEWCGROUP = 0x02000000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
# Docker's list: Linux, and the 32-bit, uname-26 and query personas.
PERSONAS = (0x0, 0x8, 0x20000, 0x20008, 0xFFFFFFFF)


class ArgRule(NamedTuple):
    """Deny `syscall` (EPERM) when its argument number `arg` (from 0) passes `test` against `values`.

    `test` is "equals" (any of the values), "differs" (from every value: only those are allowed) or
    "has bit" (any of the values, each a single bit). "equals" and "differs" compare the low 32 bits only,
    as the kernel reads these arguments as `int`: a value with high bits set cannot slip past.
    """

    syscall: str
    arg: int
    test: str
    values: tuple[int, ...]


# s390 passes clone's flags second (CLONE_BACKWARDS2); every other architecture passes them first.
_CLONE_FLAGS_ARG = 1 if os.uname().machine.startswith("s390") else 0

ARG_RULES = (
    # A new namespace by clone, as unshare would make it. (CLONE_NEWTIME is clone3's and unshare's only:
    # to clone, that bit is part of the exit signal.)
    ArgRule(
        "clone",
        _CLONE_FLAGS_ARG,
        "has bit",
        (CLONE_NEWNS, CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET),
    ),
    # No network at all, and no netlink, packet, vsock (a way out of a VM that network namespaces do not
    # close) or crypto sockets, each a kernel attack surface. The socketpair to the grader is AF_UNIX and
    # already open; AF_UNIX sockets stay usable (multiprocessing, glibc's nscd lookups).
    ArgRule("socket", 0, "differs", (AF_UNIX,)),
    ArgRule("socketpair", 0, "differs", (AF_UNIX,)),
    # Changing user made the child non-dumpable (its memory and /proc files closed to other processes of
    # its user, no core dumps): it must not undo that. PR_SET_PTRACER exists only to invite a tracer that
    # Yama would refuse; with ptrace denied in here, only a process outside could accept, and nothing in
    # the child uses it.
    ArgRule("prctl", 0, "equals", (PR_SET_DUMPABLE, PR_SET_PTRACER)),
    # Typing into the grader's terminal, should the child ever hold one.
    ArgRule("ioctl", 1, "equals", (TIOCSTI, TIOCLINUX)),
    # Personas that turn off address-space randomisation or make data executable for later programs.
    ArgRule("personality", 0, "differs", PERSONAS),
)


class SeccompUnavailable(Exception):
    """No filter can be installed here; the message is a one-line reason."""


def available() -> bool:
    """Whether `install()` can work here: libseccomp and pyseccomp load, the kernel has seccomp, and the
    filter builds. A process that asks before it forks hands its children a filter they only have to load.
    """
    return why_unavailable() is None


def why_unavailable() -> str | None:
    """Why `install()` cannot work here, in one line; None when it can."""
    try:
        _prepared()
    except SeccompUnavailable as exc:
        return str(exc)
    return None


def install() -> None:
    """Loads the filter into this process; threads it has get it too (TSYNC), and so does every process
    and thread started from it. Call it after no_new_privs is set, right before student code runs.

    Raises:
        SeccompUnavailable: libseccomp, pyseccomp or the kernel's seccomp is missing, or the kernel refused
            the filter. The process is then unfiltered, as before the call.
    """
    try:
        _prepared().load()
    except OSError as exc:
        raise SeccompUnavailable(f"the kernel refused the seccomp filter: {exc.strerror}") from None


def build():
    """The filter as a `pyseccomp.SyscallFilter`, not yet loaded (raises `SeccompUnavailable`)."""
    lib = _library()
    deny = lib.ERRNO(errno.EPERM)
    try:
        f = lib.SyscallFilter(lib.ALLOW)
        # A call made with another architecture's numbers (int 0x80, x32) would dodge every rule below:
        # it fails as if this kernel had no such ABI.
        f.set_attr(lib.Attr.ACT_BADARCH, lib.ERRNO(errno.ENOSYS))
        for attr, value in ((lib.Attr.CTL_TSYNC, 1), (lib.Attr.CTL_OPTIMIZE, 2)):
            try:
                f.set_attr(attr, value)
            except OSError:
                pass  # an older libseccomp or kernel: one thread is all the child has anyway
        for names, action in ((DENIED, deny), (DENIED_ENOSYS, lib.ERRNO(errno.ENOSYS))):
            for number in map(_number, names):
                if number is not None:
                    f.add_rule(action, number)
        for rule in ARG_RULES:
            number = _number(rule.syscall)
            for mask, value in _masked(rule) if number is not None else ():
                f.add_rule(deny, number, lib.Arg(rule.arg, lib.MASKED_EQ, mask, value))
    except OSError as exc:
        raise SeccompUnavailable(f"libseccomp could not build the filter: {exc.strerror}") from None
    return f


def _masked(rule: ArgRule) -> list[tuple[int, int]]:
    """The (mask, value) pairs that match exactly the argument values `rule` denies.

    libseccomp cannot compare one argument twice in a rule, so "differs from all of these" is the union of
    the subtrees a binary trie of the allowed values leaves out: at each bit, the prefixes of allowed values
    with that bit flipped, where no allowed value has that prefix.
    """
    if rule.test == "has bit":
        return [(bit, bit) for bit in rule.values]
    if rule.test == "equals":
        return [(0xFFFFFFFF, value) for value in rule.values]
    pairs, allowed = [], set(rule.values)
    for bit in range(31, -1, -1):
        mask = 0xFFFFFFFF & ~((1 << bit) - 1)
        prefixes = {value & mask for value in allowed}
        pairs += sorted((mask, p ^ (1 << bit)) for p in prefixes if p ^ (1 << bit) not in prefixes)
    return pairs


@functools.cache
def _prepared():
    """`build()`, once per process (building costs more than loading)."""
    return build()


@functools.cache
def _library():
    """pyseccomp, loaded once (its import looks libseccomp.so.2 up); raises `SeccompUnavailable`."""
    try:
        import pyseccomp
    except ImportError:
        raise SeccompUnavailable("pyseccomp is not installed") from None
    except (OSError, RuntimeError, AttributeError) as exc:
        raise SeccompUnavailable(f"libseccomp could not be loaded ({exc})") from None
    from autograder.jailed import syscalls

    try:
        syscalls.prctl(_PR_GET_SECCOMP)  # EINVAL on a kernel built without seccomp
    except OSError:
        raise SeccompUnavailable("this kernel has no seccomp") from None
    return pyseccomp


def _number(name: str) -> int | None:
    """The system call's number on this architecture, or None where libseccomp knows of no such call here."""
    number = _library().resolve_syscall(_library().Arch.NATIVE, name)
    return number if number >= 0 else None
