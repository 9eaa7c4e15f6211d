"""The child without the Linux jail (Windows, macOS, a Linux without the jail's system calls): a plain process.

`python -m autograder.jailed.plain`, started by the grader (`sandbox.runner.Plain`) as a fresh interpreter, as
the `spawn` start method starts one: it inherits nothing of the grader but the minimal environment it was given,
and learns everything else from its channel. It never forks. The first line on its stdin says where the grader
listens on the loopback and the token that proves this is the process the grader started (never on the
command line or in the environment, which other processes can read); it connects, then serves the grader
exactly as the jailed child does (`child.serve`), with the limits this platform has (`limits.apply_plain`), the
probes' sealed values arriving on the channel after each commit (`sealed.take_plain`).

Nothing here isolates the submission: it runs as the student's own user, beside the student's files. The
grader's deadline and its watch of the memory used hold on every platform; the report says what is missing.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import threading

from autograder.jailed import child, limits, sealed


def _connect(port: int, token: bytes) -> socket.socket:
    """The channel to the grader, once the token is sent."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # one small message at a time, each at once
    sock.sendall(token)
    sock.settimeout(None)
    return sock


def _die_with_grader() -> None:
    """Ends this process when the grader ends, whatever student code is doing: the grader holds the other end
    of stdin, so reading it ends (at EOF) only when the grader closes it or dies. (prctl's parent-death signal is
    Linux's.) Student code reads an empty stdin, as in the jail."""
    watched = os.dup(0)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 (the process's own stdin, for as long as it lives)

    def wait() -> None:
        try:
            while os.read(watched, 4096):
                pass
        except OSError:
            pass
        os._exit(1)

    threading.Thread(target=wait, name="die-with-grader", daemon=True).start()


def main() -> None:
    os.environ["AUTOGRADER_SANDBOX"] = "1"
    where = json.loads(sys.stdin.buffer.readline())
    _die_with_grader()
    sock = _connect(int(where["port"]), bytes.fromhex(where["token"]))
    child.warm_up()
    child.serve(sock, apply_limits=limits.apply_plain, take=sealed.take_plain)
    os._exit(0)


if __name__ == "__main__":
    main()
