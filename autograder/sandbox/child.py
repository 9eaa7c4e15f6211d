"""The untrusted side: runs a submission's cells, then the drivers the grader asks for.

Started as `python -m autograder.sandbox.child FD` (FD: the socket to the grader), or forked by a worker that
has already imported torch. Everything it sends is plain data and tensors (see `codec`); the grader judges.
"""

from __future__ import annotations

import linecache
import os
import socket
import sys

from autograder.sandbox import codec, drivers, jail, limits, syscalls

# Bound before any student code runs: a submission that rebinds these module attributes changes nothing here.
_RUN, _SEND, _RECV, _DESCRIBE = drivers.run, codec.send, codec.recv, drivers.describe_exception
_CLIP, _REPR, _MAX_NAME = codec.clip, codec.safe_repr, codec.MAX_NAME

# Probe parameters a worker received before it forked this child (see `zygote`), by key.
cached_params: dict[str, dict] = {}

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
    for cell in cells:
        filename = f"<{cell['name']}>"
        report = {"name": cell["name"], "error": None}
        try:
            code = shell.transform_cell(cell["source"])
            linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
            exec(compile(code, filename, "exec"), shell.user_ns)
        except SystemExit as exc:
            report["error"] = _CLIP(f"the cell called exit() ({_REPR(exc.code)}); the grader carried on")
        except KeyboardInterrupt:
            report["error"] = "KeyboardInterrupt"
        except RecursionError:
            report["error"] = "RecursionError: maximum recursion depth exceeded"
        except BaseException as exc:  # noqa: BLE001 (student code may raise anything)
            report["error"] = _DESCRIBE(exc)
        reports.append(report)
        for exercise in cell.get("graded", []):
            yield "graded", exercise, list(reports), _names(shell, builtin_names)
    yield "done", reports, _names(shell, builtin_names)


def _names(shell, builtin_names: set) -> list[str]:
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


def serve(sock: socket.socket) -> None:
    """Answers the grader's requests until it says goodbye or hangs up.

    Only this process answers: a copy made by a bare os.fork() in student code that comes back here exits
    without a word, so it cannot put a second reply on the channel.
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
            limits.apply(request.get("memory_mb"), request.get("uid"), request.get("cpu_seconds"))
            shell = _shell()
            # Sent before any student code runs, so it cannot be forged: a process that dies before it is
            # the grader's failure, after it the submission's.
            _SEND(sock, {"ready": True})
            steps = run_cells(shell, request["cells"])
            reply = _advance(steps)
            steps = steps if "graded" in reply else None
        elif op == "resume" and steps is not None:
            reply = _advance(steps)
            steps = steps if "graded" in reply else None
        elif op == "run" and shell is not None:
            namespace = shell.user_ns
            params = (
                request["params"] if "params" in request else cached_params.get(request.get("params_key"))
            )
            if params is None:
                return
            reply = {"result": _RUN(request["driver"], namespace, params)}
        else:
            return
        if os.getpid() != me:
            os._exit(0)
        sys.stdout.flush()
        sys.stderr.flush()
        try:
            _SEND(sock, reply)
        except OSError:
            return


def preload() -> None:
    """Imports and warms up what every submission needs, once, before the fork or before limits apply.

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
    """`python -m autograder.sandbox.child FD SPEC GRADER_PID`: SPEC is the jail's description, as JSON."""
    import json

    syscalls.die_with_parent(int(sys.argv[3]))
    os.environ["AUTOGRADER_SANDBOX"] = "1"
    spec = json.loads(sys.argv[2])
    preload()
    try:
        jail.enter(spec, int(sys.argv[1]), int(sys.argv[3]))
    except jail.JailError as exc:
        jail.report_fault(spec, str(exc))
    serve(socket.socket(fileno=int(sys.argv[1])))
    os._exit(0)


if __name__ == "__main__":
    main()
