"""The jail: what a submission's process can see, reach and use.

The grader describes the jail (`describe`) and the child enters it (`enter`) right after its fork, before
it runs a line of student code. Inside, the submission has:

- its own mount, network, PID, IPC and UTS namespaces (as root; without root, the same inside a user
  namespace where the kernel allows one). The network is a loopback that is down; the PID namespace holds
  only the submission's processes;
- a root filesystem of its own: the system (/usr, /etc's harmless files), Python and the virtualenv, and
  of the grader only the modules the child runs (`CHILD_FILES`), all read-only; private tmpfs at /tmp,
  /dev/shm and its working folder /home/student, gone when it ends. The project (reference solutions,
  solutions, the exercise catalog), other students' files, the output folder, the gradebook, /root, /home
  and the grader's working folder do not exist there;
- a cgroup (see `cgroups`), joined before anything else, so the kernel counts and kills all of it.

Process tree: the forked child A joins the cgroup, unshares, builds the new root and forks B, the first
process (PID 1) of the new PID namespace. B mounts /proc, pivots into the new root, and serves the grader: it
runs the student code itself (one fork fewer per submission: each fork of a process with torch loaded costs
milliseconds). When B ends, the kernel kills whatever is left in the namespace, and A ends the way B did, for
the worker to report. A dies with the worker, B with A. As the namespace's PID 1, B ignores signals it sends
itself that it has no handler for, and adopts orphans (reaped when the namespace ends).
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import sys
import tempfile
import threading

from autograder.jailed import seccomp
from autograder.jailed import syscalls as sc

ZONE = "jailed"  # the package folder that holds everything the child imports (see `autograder.jailed`)
CHILD_FILES = ("__init__.py", ZONE)  # of the autograder package: all the jail mounts of it
SYSTEM_DIRS = ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32")
ETC_FILES = (
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "localtime",
    "timezone",
    "nsswitch.conf",
    "alternatives",
    "fonts",
    "mime.types",
)
DEVICES = ("null", "zero", "full", "random", "urandom")
WORKDIR = "/home/student"
HOSTNAME = "sandbox"
TMPFS_MB = 256  # /tmp, /dev/shm and the working folder each; the cgroup counts their pages as memory too
NAMESPACES = sc.CLONE_NEWNS | sc.CLONE_NEWNET | sc.CLONE_NEWPID | sc.CLONE_NEWIPC | sc.CLONE_NEWUTS
MODES = ("namespaces", "userns", "none")


# Which step of building the jail failed: each a finding the catalogues word (`[findings]`), for the grader.
FAULTS = ("fault_jail_cgroup", "fault_jail_build", "fault_jail_root")
FAULT_DETAIL = 300  # characters of what the OS said that a fault keeps: its record then fits in FAULT_BYTES
FAULT_BYTES = 2000  # of the record `report_fault` writes, and the grader reads back


class JailError(Exception):
    """The jail could not be set up: a grader fault, never the student's.

    Args:
        code: the step that failed, one of FAULTS.
        detail: what the OS said, verbatim (`str` of its OSError), cut at FAULT_DETAIL characters.

    Its text, `str(exc)`, is the record `report_fault` writes: JSON, `{"code": ..., "detail": ...}`.
    """

    def __init__(self, code: str, detail: str):
        self.code, self.detail = code, detail[:FAULT_DETAIL]
        super().__init__(json.dumps({"code": self.code, "detail": self.detail}, ensure_ascii=False))


def report_fault(spec: dict, fault: JailError | str) -> None:
    """Leaves `fault` (a JailError, or its text) where the grader looks when the child dies before serving: a
    file outside the jail, which student code can neither reach nor forge. Then ends this process.

    What is written is data, a code and what the OS said, never a sentence: the grader words it in the
    reader's language (see `runner.Sandbox._fault`).
    """
    with contextlib.suppress(OSError):
        fd = os.open(spec["fault_file"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        os.write(fd, str(fault).encode("utf-8", "backslashreplace")[:FAULT_BYTES])
        os.close(fd)
    os._exit(125)


def mode() -> str:
    """How this machine can jail a submission: `namespaces` (root), `userns` (unprivileged user namespaces)
    or `none`. AUTOGRADER_JAIL forces one (tests use it to check the fallbacks)."""
    with _PROBING:  # graders' threads ask at once: one probe, the others wait for its answer
        return _probe()[0]


def why_weaker() -> str | None:
    """Why the jail is weaker here than it could be, as a reason code (`[terms] protection_why_<code>`), or
    None: `namespaces_refused` (the kernel refused to make the namespaces), `mount_refused` (it made them,
    but refused to build the jail's root in them), `forced` (AUTOGRADER_JAIL chose the mode)."""
    with _PROBING:
        return _probe()[1]


_PROBING = threading.Lock()


@functools.cache
def _probe() -> tuple[str, str | None]:
    """The strongest mode that works here, and why a stronger one did not (see `why_weaker`).

    A mode works when a throwaway process builds its whole jail (`enter`, as a submission's child does):
    namespaces alone are not enough. A container may allow `unshare` and refuse `mount` (a seccomp profile,
    AppArmor), or mount a masked /proc that a new PID namespace cannot mount again; the jail would then fail
    for every submission. Tried once per process, in a few milliseconds.
    """
    forced = os.environ.get("AUTOGRADER_JAIL", "auto")
    if forced in MODES:
        return forced, "forced" if forced != MODES[0] else None
    unshared = False
    for name, flags in (("namespaces", NAMESPACES), ("userns", NAMESPACES | sc.CLONE_NEWUSER)):
        if name == "namespaces" and os.geteuid() != 0:
            continue
        if not _can_unshare(flags):
            continue
        unshared = True
        if _can_build(name):
            return name, None if name == "namespaces" or os.geteuid() != 0 else "namespaces_refused"
    return "none", "mount_refused" if unshared else "namespaces_refused"


def _can_unshare(flags: int) -> bool:
    """Tried in a throwaway fork: unshare changes the caller for good."""
    pid = os.fork()
    if pid == 0:
        try:
            sc.unshare(flags)
            os._exit(0)
        except BaseException:  # noqa: BLE001
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0


def _can_build(name: str) -> bool:
    """Builds the jail of mode `name` in a throwaway fork, as a submission's child would (`enter`): its
    namespaces, its root, its /proc, the pivot into it. Nothing of it outlives the fork."""
    try:
        folder = tempfile.mkdtemp(prefix="autograder-probe-")
    except OSError:
        return False  # no TMPDIR to build in: no submission's jail could be built either
    try:
        os.mkdir(os.path.join(folder, "root"), 0o700)
        spec = {
            "mode": name,
            "root": os.path.join(folder, "root"),
            "fault_file": os.path.join(folder, "fault"),
            "binds": _python_binds(),
            "package": os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
            "cgroup": [],
            "uid": 0,
            "gid": 0,
            "tmpfs_mb": 16,
        }
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            try:
                channel = os.open(os.devnull, os.O_RDONLY)
                enter(spec, channel, parent)
                os._exit(0 if os.getpid() == 1 and os.path.isdir(WORKDIR) else 1)  # B, in its new root
            except BaseException:  # noqa: BLE001
                os._exit(1)
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) == 0 and not os.path.exists(spec["fault_file"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# Without the Linux jail at all (Windows, macOS; see `sandbox.runner.linux_jail`) the child is a plain process
# (`plain`): "linux_jail" says so, and "memory_cap" where the system cannot cap its memory either.
PLAIN = ("linux_jail", "memory_cap")
PROTECTIONS = ("namespaces", "cgroup", "cpu_share", "own_user", "seccomp", *PLAIN)  # what a report may name
# Why one is missing (`why_missing`; the cgroup's from `sandbox.cgroups.why_none` and `Sandbox.start`), each
# worded by the catalogues (`[terms] protection_why_<reason>`); docs/containers.md says how to get it.
REASONS = (
    *("namespaces_refused", "mount_refused", "forced", "not_root", "userns_only", "no_cpu_controller"),
    *("not_delegated", "no_controllers", "delegated_unusable", "refused"),
)


def missing_protections(cgroup: bool, cpu_share: bool = True) -> list[str]:
    """The protections this machine cannot give a submission, as codes from PROTECTIONS (empty when it gets
    all of them); the catalogues say what each one's absence means (`[terms] protection_<code>`).

    `cgroup`: the submission got a cgroup; `cpu_share`: that cgroup caps and counts its CPU time.
    """
    missing = []
    if mode() == "none":
        missing.append("namespaces")
    if not cgroup:
        missing.append("cgroup")
    elif not cpu_share:
        missing.append("cpu_share")
    if os.geteuid() != 0 or mode() == "userns":
        missing.append("own_user")
    if not seccomp.available():
        missing.append("seccomp")
    return missing


def why_missing(missing: list[str], cgroup_reason: str | None = None) -> dict[str, str]:
    """Why each of `missing` (codes of PROTECTIONS) is missing on this machine, as reason codes that the
    catalogues word (`[terms] protection_why_<reason>`); a protection whose wording already says all there
    is to say (seccomp: libseccomp is missing) has none. `cgroup_reason`: why the submission got no cgroup
    (`sandbox.cgroups.why_none`)."""
    why = {}
    if "namespaces" in missing:
        why["namespaces"] = why_weaker() or "namespaces_refused"
    if "own_user" in missing:
        why["own_user"] = "not_root" if os.geteuid() != 0 else why_weaker() or "userns_only"
        if why["own_user"] == "namespaces_refused":  # as root: namespaces only inside a user namespace
            why["own_user"] = "userns_only"
    if "cgroup" in missing and cgroup_reason:
        why["cgroup"] = cgroup_reason
    if "cpu_share" in missing:
        why["cpu_share"] = "no_cpu_controller"
    return why


@functools.cache
def _python_binds() -> list[str]:
    """Where Python and the virtualenv live, when that is outside the system folders (bound as they are)."""
    python = {
        os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)
    }
    python |= {os.path.abspath(p) for p in (sys.prefix, sys.base_prefix)}
    return sorted(p for p in python if not p.startswith(("/usr/", "/bin/", "/lib")) and p != "/usr")


def describe(memory_mb: int, uid: int | None, cgroup_paths: list[str], job_dir: str) -> dict:
    """What `enter` needs, as plain data: sent to the worker with each job."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # autograder/, above jailed/
    binds = _python_binds()
    inside = 0 if mode() == "userns" or uid is None else uid  # a user namespace maps only its root
    return {
        "mode": mode(),
        "root": os.path.join(job_dir, "root"),
        "fault_file": os.path.join(job_dir, "fault"),
        "binds": binds,
        "package": package,
        "cgroup": cgroup_paths,
        "uid": inside,
        "gid": inside,
        "tmpfs_mb": max(16, min(TMPFS_MB, memory_mb)),
    }


# -- the child's side


def enter(spec: dict, channel_fd: int, parent: int) -> None:
    """Called by the forked child A (`parent`: the pid of the process that started it); returns only in B,
    the jailed process that serves the grader.

    Raises JailError (in A, before any fork) when the jail cannot be built.
    """
    sc.die_with_parent(parent)
    for path in spec.get("cgroup", []):
        try:
            with open(os.path.join(path, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))
        except OSError as exc:
            raise JailError("fault_jail_cgroup", str(exc)) from None
    if spec["mode"] == "none":
        return
    try:
        if spec["mode"] == "userns":
            uid, gid = os.getuid(), os.getgid()
            sc.unshare(NAMESPACES | sc.CLONE_NEWUSER)
            _write("/proc/self/setgroups", "deny")
            _write("/proc/self/uid_map", f"0 {uid} 1")
            _write("/proc/self/gid_map", f"0 {gid} 1")
        else:
            sc.unshare(NAMESPACES)
        sc.mount(None, "/", None, sc.MS_REC | sc.MS_PRIVATE)
        _build_root(spec)
        sc.sethostname(HOSTNAME)
    except OSError as exc:
        raise JailError("fault_jail_build", str(exc)) from None
    # B cannot ask for its parent's pid (A is outside B's PID namespace): A's end of this pipe tells instead.
    alive, keep = os.pipe()
    pid = os.fork()
    if pid:
        os.close(alive)
        _relay(pid, channel_fd)
    os.close(keep)
    sc.prctl(sc.PR_SET_PDEATHSIG, 9)
    os.set_blocking(alive, False)
    try:
        if os.read(alive, 1) == b"":
            os._exit(1)  # A died before the signal was armed
    except BlockingIOError:
        pass  # A is alive and holds its end
    os.close(alive)
    try:
        sc.mount(
            "proc", os.path.join(spec["root"], "proc"), "proc", sc.MS_NOSUID | sc.MS_NODEV | sc.MS_NOEXEC
        )
        os.chdir(spec["root"])
        sc.pivot_root(".", ".old")
        os.chdir("/")
        sc.umount("/.old", sc.MNT_DETACH)
        os.rmdir("/.old")
        sc.mount(None, "/", None, sc.MS_BIND | sc.MS_REMOUNT | sc.MS_RDONLY | sc.MS_NOSUID | sc.MS_NODEV)
        os.chdir(WORKDIR)
    except OSError as exc:
        report_fault(spec, JailError("fault_jail_root", str(exc)))


def _relay(pid: int, channel_fd: int) -> None:
    """A: waits for B, then ends the way B ended (its exit code or its signal), for the worker to report."""
    os.close(channel_fd)
    status = 9  # as if killed, should B vanish without a status
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except ChildProcessError:
            break
        except InterruptedError:
            continue
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
        os._exit(128 + sig)
    os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1)


def _write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def _mkdirs(path: str) -> None:
    os.makedirs(path, mode=0o755, exist_ok=True)


def _bind(source: str, target: str, writable_devices: bool = False) -> None:
    """Mounts `source` at `target` read-only, keeping the flags the kernel locks (nosuid, nodev, noexec)."""
    if os.path.isdir(source):
        _mkdirs(target)
    else:
        _mkdirs(os.path.dirname(target))
        if not os.path.exists(target):
            open(target, "w").close()
    sc.mount(source, target, None, sc.MS_BIND | sc.MS_REC)
    flags = sc.MS_BIND | sc.MS_REMOUNT | sc.MS_RDONLY | sc.MS_NOSUID
    locked = os.statvfs(source).f_flag
    if not writable_devices or locked & os.ST_NODEV:
        flags |= sc.MS_NODEV
    if locked & os.ST_NOEXEC:
        flags |= sc.MS_NOEXEC
    sc.mount(None, target, None, flags)


def _tmpfs(target: str, size_mb: int, options: str) -> None:
    _mkdirs(target)
    sc.mount("tmpfs", target, "tmpfs", sc.MS_NOSUID | sc.MS_NODEV, f"size={size_mb}m,{options}")


def _build_root(spec: dict) -> None:
    """The new root, built in A's private mount namespace at spec["root"] (the host never sees it)."""
    root = spec["root"]
    sc.mount("tmpfs", root, "tmpfs", sc.MS_NOSUID | sc.MS_NODEV, "size=16m,mode=0755")
    for name in SYSTEM_DIRS:
        host = "/" + name
        if os.path.islink(host):
            os.symlink(os.readlink(host), os.path.join(root, name))
        elif os.path.isdir(host):
            _bind(host, root + host)
    _mkdirs(os.path.join(root, "etc"))
    for name in ETC_FILES:
        host = os.path.join("/etc", name)
        if os.path.islink(host):
            os.symlink(os.readlink(host), root + host)
        elif os.path.exists(host):
            _bind(host, root + host)
    uid, gid = spec["uid"], spec["gid"]
    _write(
        os.path.join(root, "etc", "passwd"),
        f"root:x:0:0:root:/root:/bin/false\nstudent:x:{uid}:{gid}:student:{WORKDIR}:/bin/false\n",
    )
    _write(os.path.join(root, "etc", "group"), f"root:x:0:\nstudent:x:{gid}:\n")
    _write(os.path.join(root, "etc", "hostname"), HOSTNAME + "\n")
    _write(os.path.join(root, "etc", "hosts"), f"127.0.0.1 localhost {HOSTNAME}\n")
    size = spec["tmpfs_mb"]
    _tmpfs(root + "/tmp", size, "mode=1777")
    _tmpfs(root + WORKDIR, size, f"mode=0700,uid={uid},gid={gid}")
    _tmpfs(root + "/dev", 1, "mode=0755")
    for name in DEVICES:
        _bind("/dev/" + name, f"{root}/dev/{name}", writable_devices=True)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "fd/0"), ("stdout", "fd/1"), ("stderr", "fd/2")):
        os.symlink(target, f"{root}/dev/{name}")
    _tmpfs(root + "/dev/shm", size, "mode=1777")
    # Python, the virtualenv and the package last: they may live under /tmp or /home (a CI checkout), and
    # a tmpfs mounted after them would hide them.
    for path in spec["binds"]:
        _bind(path, root + path)
    # The grader's package, wherever it is installed (editable or in the virtualenv), shows only the files
    # the child runs: an empty, read-only folder with those bound into it.
    package = root + spec["package"]
    _tmpfs(package, 1, "mode=0755")
    for name in CHILD_FILES:
        if os.path.exists(os.path.join(spec["package"], name)):
            _bind(os.path.join(spec["package"], name), os.path.join(package, name))
    sc.mount(None, package, None, sc.MS_BIND | sc.MS_REMOUNT | sc.MS_RDONLY | sc.MS_NOSUID | sc.MS_NODEV)
    _mkdirs(os.path.join(root, "proc"))
    os.mkdir(os.path.join(root, ".old"), 0o700)
