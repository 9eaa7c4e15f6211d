"""A worker that has imported torch once and forks a fresh child for every submission.

`python -m autograder.jailed.zygote FD GRADER_PID`: FD is a Unix socket to the grader. For each job the grader
sends two descriptors with SCM_RIGHTS (the new child's channel, and the memfd its output goes to) and the
child's working folder, environment and jail; the zygote forks, the child starts a session of its own and
serves the grader exactly as a spawned child would, and the zygote reports the child's pid, then its exit
status. One job at a time. Forking costs milliseconds; importing torch costs seconds: this is where class
grading gets its speed.

Everything in the zygote's memory is inherited by every child, which is the student's: so it holds nothing
that tells an answer (no probe's weights, see `sealed`) and was started with a minimal environment (never the
grader's, which may hold the instructor's secret and tokens).
"""

from __future__ import annotations

import os
import signal
import socket
import struct
import sys

from autograder.jailed import child, codec, jail, syscalls


def _run_child(channel: socket.socket, log: int, control: socket.socket, job: dict, zygote: int) -> None:
    """In the forked child: become a fresh process for the submission, then serve the grader."""
    try:
        control.close()
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.chdir(job["cwd"])
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


CONTROL = struct.Struct("<4sQ")  # op, body length; a fork job also carries the child's channel and output


def send_control(control: socket.socket, op: bytes, body: dict, fds: list[int] = ()) -> None:
    """Used by the grader: one control message, and for a fork, the child's channel and output memfd."""
    data = codec.encode(body)
    control.settimeout(None)  # a read deadline left on the socket must not cut a large message short
    socket.send_fds(control, [CONTROL.pack(op, len(data))], list(fds))
    control.sendall(data)


def _receive_control(control: socket.socket):
    head, fds, _, _ = socket.recv_fds(control, CONTROL.size, 2)
    while head and len(head) < CONTROL.size:
        more = control.recv(CONTROL.size - len(head))
        if not more:
            break
        head += more
    if len(head) < CONTROL.size:
        return None, None, fds
    op, size = CONTROL.unpack(head)
    frame = codec._read(control, size, None)
    total, header_len = codec.HEADER.unpack(frame[: codec.HEADER.size])
    return op, codec.decode(frame[codec.HEADER.size :], header_len), fds


def serve(control: socket.socket) -> None:
    while True:
        try:
            op, body, fds = _receive_control(control)
        except (OSError, codec.ChannelError):
            return
        if op != b"fork" or len(fds) != 2:
            return
        channel = socket.socket(fileno=fds[0])
        log = fds[1]
        me = os.getpid()
        pid = os.fork()
        if pid == 0:
            _run_child(channel, log, control, body, me)
        channel.close()
        os.close(log)
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
