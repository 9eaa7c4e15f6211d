"""A worker that has imported torch once and forks a fresh child for every submission.

`python -m autograder.sandbox.zygote FD`: FD is a Unix socket to the grader. For each job the grader sends a
socket (the new child's channel, passed with SCM_RIGHTS) and the child's working folder, log file and
environment; the zygote forks, the child starts a session of its own and serves the grader exactly as a
spawned child would, and the zygote reports the child's pid, then its exit status. One job at a time.
Forking costs milliseconds; importing torch costs seconds: this is where class grading gets its speed.
"""

from __future__ import annotations

import os
import signal
import socket
import struct
import sys

from autograder.sandbox import child, codec, jail, syscalls


def _run_child(channel: socket.socket, control: socket.socket, job: dict, zygote: int) -> None:
    """In the forked child: become a fresh process for the submission, then serve the grader."""
    try:
        control.close()
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.chdir(job["cwd"])
        log = os.open(job["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.close(log)
        os.close(devnull)
        sys.stdout = open(1, "w", closefd=False, buffering=1)  # noqa: SIM115
        sys.stderr = open(2, "w", closefd=False, buffering=1)  # noqa: SIM115
        os.environ.clear()
        os.environ.update(job["env"])
        try:
            jail.enter(job["jail"], channel.fileno(), zygote)
        except jail.JailError as exc:
            jail.report_fault(job["jail"], str(exc))
        child.serve(channel)
    finally:
        os._exit(0)


CONTROL = struct.Struct("<4sQ")  # op, body length; a fork job also carries the child's socket (SCM_RIGHTS)


def send_control(control: socket.socket, op: bytes, body: dict, fd: int | None = None) -> None:
    """Used by the grader: one control message, and for a fork, the child's channel."""
    data = codec.encode(body)
    control.settimeout(None)  # a read deadline left on the socket must not cut a large message short
    socket.send_fds(control, [CONTROL.pack(op, len(data))], [fd] if fd is not None else [])
    control.sendall(data)


def _receive_control(control: socket.socket):
    head, fds, _, _ = socket.recv_fds(control, CONTROL.size, 1)
    while head and len(head) < CONTROL.size:
        more = control.recv(CONTROL.size - len(head))
        if not more:
            break
        head += more
    if len(head) < CONTROL.size:
        return None, None, fds
    op, size = CONTROL.unpack(head)
    frame = codec._read(control, size, None)
    total, header_len = codec._HEADER.unpack(frame[: codec._HEADER.size])
    return op, codec.decode(frame[codec._HEADER.size :], header_len), fds


def serve(control: socket.socket) -> None:
    while True:
        try:
            op, body, fds = _receive_control(control)
        except (OSError, codec.ChannelError):
            return
        if op == b"keep":
            # A probe's parameters (weights, inputs), kept here so that every child forked from now on
            # inherits them instead of receiving megabytes over its socket.
            child.cached_params[body["key"]] = body["params"]
            continue
        if op != b"fork" or not fds:
            return
        channel = socket.socket(fileno=fds[0])
        me = os.getpid()
        pid = os.fork()
        if pid == 0:
            _run_child(channel, control, body, me)
        channel.close()
        codec.send(control, {"pid": pid})
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        try:
            codec.send(control, {"exit": code})
        except OSError:
            return


def main() -> None:
    syscalls.die_with_parent(int(sys.argv[2]))  # a grader killed with -9 takes its workers along
    os.environ["AUTOGRADER_SANDBOX"] = "1"
    child.preload()
    serve(socket.socket(fileno=int(sys.argv[1])))


if __name__ == "__main__":
    main()
