"""What the seccomp filter and the CPU share cost per submission, each beside the same step without it.

    .venv/bin/python benchmarks/jail_costs.py --repeat 40

- seccomp: a forked child installs the filter (as every submission's child does, after the worker built it
  once), against a forked child that does not; the difference is the filter's cost.
- CPU share: a submission's cgroup created and removed with the cpu/cpuacct controllers, against the same
  without them (needs root and cgroups).
Medians of `--repeat` runs, in milliseconds, and the ratio. Nothing here is asserted: machines are noisy.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograder.jailed import seccomp  # noqa: E402
from autograder.jailed import syscalls as sc  # noqa: E402
from autograder.sandbox import cgroups  # noqa: E402


def _forked(install: bool) -> float:
    """Seconds from fork to the child's exit, with or without installing the filter in the child."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        if install:
            sc.prctl(sc.PR_SET_NO_NEW_PRIVS, 1)
            seccomp.install()
        os._exit(0)
    os.waitpid(pid, 0)
    return time.perf_counter() - start


def _cgroup(with_cpu: bool) -> float:
    cpu = cgroups.cpu_controller
    cgroups.cpu_controller = (lambda: True) if with_cpu else (lambda: False)
    cgroups._parents.cache_clear()  # the parent folders follow the controllers (made once per process)
    cgroups._parents(cgroups.version())
    try:
        start = time.perf_counter()
        group = cgroups.Cgroup.create(uuid.uuid4().hex, 1 << 30, 256)
        group.remove()
        return time.perf_counter() - start
    finally:
        cgroups.cpu_controller = cpu


def _compare(name: str, step, repeat: int) -> None:
    without = statistics.median(step(False) for _ in range(repeat)) * 1000
    with_it = statistics.median(step(True) for _ in range(repeat)) * 1000
    print(
        f"{name}: {with_it:.2f} ms with, {without:.2f} ms without, +{with_it - without:.2f} ms per submission"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    if seccomp.available():  # builds the filter once, as the worker does before it forks
        _compare("seccomp filter (fork, install, exit)", _forked, args.repeat)
    else:
        print(f"seccomp filter: not available here ({seccomp.why_unavailable()})")
    if cgroups.version() is not None and cgroups.cpu_controller():
        _compare("CPU share (cgroup create and remove)", _cgroup, args.repeat)
    else:
        print("CPU share: no cgroup cpu controller here (needs root and cgroups)")


if __name__ == "__main__":
    main()
