"""The untrusted side: runs a submission's cells, then the drivers the grader asks for.

Started as `python -m autograder.jailed.child FD GRADER_PID` (FD: the socket to the grader, whose first message
describes the jail), or forked by a worker that has already imported torch; without the Linux jail, `plain`
starts it and serves with the limits that platform has. Everything it sends is plain data and tensors (see
`codec`); the grader judges, and believes nothing it has not checked.
"""

from __future__ import annotations

import functools
import linecache
import os
import socket
import sys

from autograder.jailed import codec, jail, limits, observe, sealed, seccomp, syscalls
from autograder.jailed.observe.common import CELL_FILES, MAX_MESSAGE, clip_name, error_dict

# Bound before any student code runs: a submission that rebinds these module attributes changes nothing here.
_RUN, _RECV, _DESCRIBE = observe.run, codec.recv, observe.describe_exception
_ENCODE, _FITS, _SEND_BYTES = codec.encode, codec.fits, codec.send_bytes
_CLIP, _REPR, _MAX_NAME = codec.clip, codec.safe_repr, codec.MAX_NAME
_ERROR, _CELL_FILES, _CLIP_NAME = error_dict, CELL_FILES, clip_name

SKIP_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}


def _shell():
    """An IPython shell, so that cells with magics (%matplotlib, %%time) run as they do in Jupyter."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    shell.enable_matplotlib = lambda *args, **kwargs: None  # figures are not part of the grade
    shell.showtraceback = lambda *args, **kwargs: None
    return shell


def run_cells(shell, cells: list[dict]):
    """Runs cells in order in one namespace; a failing cell is recorded and the next still runs.

    A generator: after a cell that holds an exercise's graded cell it yields ("graded", exercise, reports so
    far, names), and the grader runs that exercise's probes then and there, on the namespace as it is at that
    moment, as nbgrader does (a class defined earlier looks its globals up when it runs, so a later cell that
    redefines one must not change an earlier exercise's grade). At the end it yields ("done", reports, names).
    """
    reports = []
    builtin_names = set(shell.user_ns)
    for index, cell in enumerate(cells):
        filename = f"<cell {index + 1}>"
        _CELL_FILES[filename] = _place(cell.get("cell"), index)
        report = {"error": None}
        try:
            code = _blank_lines_kept(cell["source"], shell.transform_cell(cell["source"]))
            linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
            exec(compile(code, filename, "exec"), shell.user_ns)
        except SystemExit as exc:
            report["error"] = _ERROR("SystemExit", _CLIP(_REPR(exc.code), MAX_MESSAGE), cause="exit")
        except KeyboardInterrupt:
            report["error"] = _ERROR("KeyboardInterrupt", cause="interrupt")
        except RecursionError:
            report["error"] = _ERROR("RecursionError", cause="recursion")
        except BaseException as exc:  # noqa: BLE001 (student code may raise anything)
            report["error"] = _DESCRIBE(exc)
        reports.append(report)
        for exercise in cell.get("graded", []):
            yield "graded", exercise, list(reports), _defined_names(shell, builtin_names)
    yield "done", reports, _defined_names(shell, builtin_names)


def _blank_lines_kept(source: str, code: str) -> str:
    """`code` (IPython's transform of `source`) with the blank lines IPython takes off its start put back, so
    that the line numbers of errors are the source's own (a script's `# %%` cell is padded to its file's)."""
    return "\n" * max(0, _blank_lines(source) - _blank_lines(code)) + code


def _blank_lines(text: str) -> int:
    """How many lines at the start of `text` hold nothing but whitespace."""
    lines = text.splitlines()
    return next((i for i, line in enumerate(lines) if line.strip()), len(lines))


def _place(where, index: int) -> dict:
    """A cell's place as the grader gave it (see `autograder.submission`), its file name clipped as every name
    the child sends is; a cell the grader gave no place is the index-th of the notebook's."""
    if not isinstance(where, dict):
        return {"kind": "cell", "number": index + 1}
    return {k: _CLIP_NAME(v) if k == "file" and isinstance(v, str) else v for k, v in where.items()}


def _defined_names(shell, builtin_names: set) -> list[str]:
    names = sorted(
        k
        for k in shell.user_ns
        if isinstance(k, str) and k not in builtin_names and not k.startswith("_") and len(k) <= _MAX_NAME
    )
    return [str.__str__(n) for n in names if n not in SKIP_NAMES]


def _advance(steps) -> dict:
    """The next reply of the cells' run: a pause at a graded cell, or the end."""
    step = next(steps)
    if step[0] == "graded":
        _, exercise, reports, names = step
        return {"graded": exercise, "cells": reports, "names": names}
    _, reports, names = step
    return {"cells": reports, "names": names}


def _reply(sock: socket.socket, reply: dict) -> None:
    """Sends one reply; one the grader would refuse as too large says so instead."""
    data = _ENCODE(reply)
    if not _FITS(data):
        error = _ERROR("", cause="too_large", megabytes=codec.MAX_FRAME >> 20)
        data = _ENCODE({"result": {"error": error}} if "result" in reply else {"error": error})
    _SEND_BYTES(sock, data)


def _commit(sock: socket.socket, take, partial: dict) -> dict:
    """A driver's observation so far, sent before it may see the probe's sealed values; then those values."""
    _reply(sock, {"commit": partial})
    return take(sock)


def serve(sock: socket.socket, apply_limits=limits.apply, take=sealed.take) -> None:
    """Answers the grader's requests until it says goodbye or hangs up.

    Only this process answers: a copy made by a bare os.fork() in student code that comes back here exits
    without a word, so it cannot put a second reply on the channel.

    `apply_limits` (what the child does to itself before student code runs) and `take` (how the sealed values
    arrive) are the jail's by default, bound when this module loads; `plain` passes its own.
    """
    me = os.getpid()
    shell = steps = None
    while True:
        try:
            request = _RECV(sock)
        except codec.ChannelError:
            return
        op = request.get("op")
        if op == "start":
            apply_limits(request.get("memory_mb"), request.get("uid"), request.get("cpu_seconds"))
            shell = _shell()
            # Sent before any student code runs, so it cannot be forged: a process that dies before it is
            # the grader's failure, after it the submission's.
            _reply(sock, {"ready": True})
            steps = run_cells(shell, request["cells"])
            reply = _advance(steps)
            steps = steps if "graded" in reply else None
        elif op == "resume" and steps is not None:
            reply = _advance(steps)
            steps = steps if "graded" in reply else None
        elif op == "run" and shell is not None:
            reveal = functools.partial(_commit, sock, take)
            reply = {"result": _RUN(request["driver"], shell.user_ns, request["params"], reveal)}
        else:
            return
        if os.getpid() != me:
            os._exit(0)
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            _reply(sock, reply)
        except OSError:
            return


def preload() -> None:
    """Imports and warms up what every submission needs (`warm_up`), once, before the fork or before limits
    apply; and the seccomp filter."""
    warm_up()
    seccomp.available()  # loads libseccomp and builds the filter once, so each child only installs it


def warm_up() -> None:
    """Imports what every submission needs and warms torch up (the plain child's whole preload).

    torch initialises a good deal lazily on first use (the optimizers, serialisation, convolution kernels);
    doing it here means every forked child starts warm. One thread only, so no thread pool exists at fork.
    """
    import io

    import IPython.core.interactiveshell  # noqa: F401
    import torch
    import torch.nn.functional as F

    torch.set_num_threads(1)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.Flatten(), torch.nn.LazyLinear(2)
    )
    optimizer = torch.optim.Adam(model.parameters())
    F.relu(model(torch.zeros(2, 1, 5, 5))).sum().backward()
    optimizer.step()
    buffer = io.BytesIO()
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict()}, buffer)
    buffer.seek(0)
    torch.load(buffer, weights_only=True)


def main() -> None:
    """`python -m autograder.jailed.child FD GRADER_PID`: the jail's description is the channel's first
    message, not an argument (argv is readable in /proc/self/cmdline, and names the host's paths)."""
    syscalls.die_with_parent(int(sys.argv[2]))
    os.environ["AUTOGRADER_SANDBOX"] = "1"
    sock = socket.socket(fileno=int(sys.argv[1]))
    spec = _RECV(sock)["jail"]
    preload()
    try:
        jail.enter(spec, sock.fileno(), int(sys.argv[2]))
    except jail.JailError as exc:
        jail.report_fault(spec, str(exc))
    serve(sock)
    os._exit(0)


if __name__ == "__main__":
    main()
