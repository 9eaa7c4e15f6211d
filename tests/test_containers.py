"""Does the grader pick the strongest jail that works under a container's restrictions, and say what it lacks?

No container runtime runs here, so each case simulates what one imposes, with the kernel's own mechanisms:
a capability bounding set without CAP_SYS_ADMIN (`setpriv`, as Docker drops it), a seccomp filter loaded
before the grader starts (as Docker's default profile: `unshare`, `setns`, `clone` with a namespace flag and
`mount`, `umount2`, `pivot_root` fail with EPERM, `clone3` with ENOSYS), a read-only /sys/fs/cgroup and
Docker's masked /proc paths (mounts in a mount namespace of the grader's own). In every case a class is graded: the solution full marks,
the untouched exercise zero, the hostile-ish student full marks, no grader fault, and the report names what is
missing and why. docs/containers.md gives the runtime options for the full jail.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import multiuser
import pytest
from conftest import PYTHON, ROOT
from jail_probe import put_class, record, sandbox_note, seen, totals

from autograder import i18n
from autograder.jailed import jail, seccomp
from autograder.jailed import syscalls as sc
from autograder.sandbox import cgroups

SIMULATED = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0, reason="simulates a container's restrictions: needs root"),
    pytest.mark.skipif(not seccomp.available(), reason="the simulated seccomp profile needs libseccomp"),
]

NAMESPACE_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000)
SECCOMP = [] if seccomp.available() else ["seccomp"]


def docker_like_filter(refuse_unshare: bool, refuse_mount: bool):
    """A seccomp filter with the rules of Docker's default profile for a container without CAP_SYS_ADMIN."""
    import pyseccomp

    deny = pyseccomp.ERRNO(errno.EPERM)
    f = pyseccomp.SyscallFilter(pyseccomp.ALLOW)
    if refuse_unshare:
        for name in ("unshare", "setns"):
            f.add_rule(deny, name)
        for bit in NAMESPACE_FLAGS:
            f.add_rule(deny, "clone", pyseccomp.Arg(0, pyseccomp.MASKED_EQ, bit, bit))
        f.add_rule(pyseccomp.ERRNO(errno.ENOSYS), "clone3")
    if refuse_mount:
        for name in ("mount", "umount2", "pivot_root"):
            f.add_rule(deny, name)
    return f


def contained(read_only_cgroup: bool, masked_proc: bool, refuse_unshare: bool, refuse_mount: bool):
    """What runs between fork and exec: the container's restrictions, in the order a runtime sets them up."""
    f = docker_like_filter(refuse_unshare, refuse_mount) if refuse_unshare or refuse_mount else None

    def setup() -> None:
        if read_only_cgroup or masked_proc:
            sc.unshare(sc.CLONE_NEWNS)
            sc.mount(None, "/", None, sc.MS_REC | sc.MS_PRIVATE)
        if read_only_cgroup:
            with open("/proc/self/mounts") as mounts:
                targets = [line.split()[1] for line in mounts if line.split()[1].startswith(cgroups.ROOT)]
            for target in targets:
                flags = sc.MS_BIND | sc.MS_REMOUNT | sc.MS_RDONLY | sc.MS_NOSUID | sc.MS_NODEV | sc.MS_NOEXEC
                sc.mount(None, target, None, flags)
        if masked_proc:  # Docker's masked paths: /dev/null over files of /proc, an empty tmpfs over folders
            for path in MASKED_FILES:
                if os.path.exists(path):
                    sc.mount("/dev/null", path, None, sc.MS_BIND)
            for path in MASKED_FOLDERS:
                if os.path.isdir(path):
                    sc.mount("tmpfs", path, "tmpfs", sc.MS_RDONLY)
        if f is not None:
            f.load()

    return setup


MASKED_FILES = ("/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug")
MASKED_FOLDERS = ("/proc/acpi", "/proc/scsi", "/sys/firmware")

# name: (as an ordinary user, read-only cgroup, masked /proc, seccomp refuses unshare, seccomp refuses
# mount), what is missing, and why. CAP_SYS_ADMIN is out of the bounding set in every case.
CASES = {
    # Docker with --security-opt seccomp=unconfined and systempaths=unconfined: user namespaces work.
    "no_sys_admin": ((False, False, False, False, False), {"own_user": "userns_only"}),
    # The same with Docker's masked /proc: a new PID namespace cannot mount its own /proc.
    "masked_proc": ((False, False, True, False, False), {"namespaces": "mount_refused"}),
    # Docker's defaults: its seccomp profile, no CAP_SYS_ADMIN, /sys/fs/cgroup read-only, /proc masked.
    "docker_default": (
        (False, True, True, True, True),
        {"namespaces": "namespaces_refused", "cgroup": "refused"},
    ),
    # unshare allowed but mount refused (an AppArmor or seccomp profile): the namespaces alone would not do.
    "mount_refused": ((False, False, False, False, True), {"namespaces": "mount_refused"}),
    # An ordinary user in a container with Docker's default profile.
    "user_docker_default": (
        (True, True, True, True, True),
        {"namespaces": "namespaces_refused", "cgroup": "not_delegated", "own_user": "not_root"},
    ),
}
ORDER = ("namespaces", "cgroup", "cpu_share", "own_user", "seccomp")


@pytest.fixture(scope="module")
def place():
    folder = Path(tempfile.mkdtemp(prefix="nnm-containers-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def grade_contained(folder: Path, as_user: bool, restrictions) -> subprocess.CompletedProcess:
    submitted = put_class(folder, grader_files=[str(Path.home() / ".bashrc")])
    out = folder / "out"
    out.mkdir()
    secret = folder / "secret.txt"
    secret.write_text("container secret\n")
    secret.chmod(0o644)
    args = ["grade", str(submitted), "--out", str(out / "o"), "--secret-file", str(secret), "--quiet"]
    no_sys_admin = ["setpriv", "--bounding-set", "-sys_admin", "--inh-caps", "-sys_admin", "--"]
    if as_user:
        entry = multiuser.ensure_user("nnmgrader")
        os.chown(out, entry.pw_uid, entry.pw_gid)
        python = multiuser.users_python()
        return multiuser.as_user(
            "nnmgrader", [python, "-m", "autograder", *args], preexec_fn=restrictions, timeout=600
        )
    env = {k: v for k, v in os.environ.items() if k not in ("AUTOGRADER_JAIL", cgroups.DELEGATED)}
    return subprocess.run(
        [*no_sys_admin, PYTHON, "-m", "autograder", *args],
        preexec_fn=restrictions,
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize("case", [pytest.param(case, marks=SIMULATED) for case in CASES])
def test_a_container_grades_with_the_strongest_jail_that_works(case, place):
    """Under this container's restrictions, does `grade` pick a mode that works (no grader fault), score the
    solution full and the untouched exercise zero, and name exactly what is missing, with why?"""
    (as_user, *restrictions), why = CASES[case]
    folder = place / case
    folder.mkdir()
    result = grade_contained(folder, as_user, contained(*restrictions))
    assert result.returncode == 0, result.stderr[-3000:]
    out = folder / "out" / "o"
    scores = totals(out)
    assert scores["a_honest"]["total"] == scores["a_honest"]["max"] == scores["c_hostile"]["total"]
    assert float(scores["b_untouched"]["total"]) == 0
    assert {row["status"] for row in scores.values()} == {"graded"}
    for student in scores:
        report = record(out, student)["report"]
        assert report["fault_finding"] is None and report["status"] == "graded"
        missing = [p for p in ORDER if p in why] + SECCOMP
        if "cgroup" not in why and not cgroups.cpu_controller():
            missing.insert(missing.index("own_user") if "own_user" in missing else 0, "cpu_share")
        note = sandbox_note(report)
        assert note["missing"] == missing and {k: note["why"][k] for k in why} == why, note
    inside = seen(record(out, "c_hostile")["report"])
    assert inside["network"] != "connected"  # a network namespace, or the jail's own seccomp filter
    if "namespaces" not in why:  # the jail was built: its own PIDs, no network, nothing of the host's
        assert inside["pid"] == 1 and inside["interfaces"] == ["lo"]
        assert inside["home"] == ["student"] and inside["visible"] == []
    if not as_user and "own_user" not in why:
        assert 61000 <= inside["uid"] < 62000  # root could still give the submission a user of its own


def test_every_reason_is_worded_in_both_languages():
    """Is every reason a report may give for a missing protection worded in English and Chinese, and said
    after the protection it explains?"""
    for lang in ("en", "zh-CN"):
        terms = i18n.catalogue(lang)["terms"]
        assert [r for r in jail.REASONS if f"protection_why_{r}" not in terms] == []
        alone = i18n.protections(["cgroup"], lang)
        text = i18n.protections(["cgroup"], lang, {"cgroup": "refused"})
        assert text.startswith(alone) and terms["protection_why_refused"] in text
    for case, (_, why) in CASES.items():
        assert set(why.values()) <= set(jail.REASONS), case
