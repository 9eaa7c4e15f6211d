"""Probe parameters a child may see only after it has committed what it observed before them.

A module probe carries the reference's weights (`state`, `strict_state`): their names and shapes are the
answer to every structure check. The child is the student's debugger (frames, globals and memory are theirs),
so those values must not be in it while the student's class is built and its structure observed. The driver
first reports that structure (`commit`); only then does the grader hand over the sealed values, and the
grader keeps the committed observation, whatever the child says afterwards.

The sealed values cross as a sealed memfd (written once per probe by the grader, never writable by a child),
passed with SCM_RIGHTS and mapped copy-on-write: no copy through the socket, and no child can change what the
next child receives. Without the Linux jail (Windows, macOS: no memfd, no descriptors over a socket) they cross
as the next message on the channel instead (`give_plain`, `take_plain`), still only after the commit.
"""

from __future__ import annotations

import mmap
import os
import socket
import threading

from autograder.jailed import codec

SEALED = ("state", "strict_state")  # probe parameters revealed only after the driver's commit


def split(params: dict) -> tuple[dict, dict]:
    """(what the child gets with the request, what it gets after its commit)."""
    shown = {k: v for k, v in params.items() if k not in SEALED}
    sealed = {k: v for k, v in params.items() if k in SEALED}
    return shown, sealed


class Store:
    """The grader's side: one sealed memfd per probe's sealed values, made once per process and kept.

    Keyed by the params object itself (held here, so its id is never reused): probes are built once per process
    and probe set, so a class run writes each probe's weights once.
    """

    def __init__(self):
        self._fds: dict[int, tuple[dict, int]] = {}
        self._lock = threading.Lock()

    def fd(self, params: dict, sealed: dict) -> int:
        with self._lock:
            held = self._fds.get(id(params))
            if held is None:
                held = (params, _memfd(codec.encode(sealed)))
                self._fds[id(params)] = held
            return held[1]


def _memfd(data: bytes) -> int:
    import fcntl  # Linux's, like memfd itself: imported where used, so this module imports on every system

    fd = os.memfd_create("probe", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    seals = fcntl.F_SEAL_SEAL | fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_WRITE
    fcntl.fcntl(fd, fcntl.F_ADD_SEALS, seals)
    return fd


STORE = Store()


def give(sock: socket.socket, fd: int) -> None:
    """The grader's side: hands the sealed values to the child that committed."""
    socket.send_fds(sock, [b"S"], [fd])


def take(sock: socket.socket) -> dict:
    """The child's side, after its commit: the sealed values, as tensors over a private copy-on-write mapping.

    Raises codec.ChannelError when the grader sends anything else (it refuses a second commit by hanging up).
    """
    try:
        sock.settimeout(None)
        data, fds, _, _ = socket.recv_fds(sock, 1, 1)
    except OSError as exc:
        raise codec.ChannelError(f"no sealed values ({exc})") from None
    if data != b"S" or len(fds) != 1:
        for fd in fds:
            os.close(fd)
        raise codec.ChannelError("no sealed values")
    try:
        mapped = mmap.mmap(fds[0], 0, access=mmap.ACCESS_COPY)
    finally:
        os.close(fds[0])
    total, header_len = codec.HEADER.unpack(mapped[: codec.HEADER.size])
    frame = memoryview(mapped)[codec.HEADER.size : codec.HEADER.size + total]
    return codec.decode(frame, header_len, share=True)


def give_plain(sock: socket.socket, values: dict, deadline: float) -> None:
    """The grader's side without the Linux jail: the sealed values, as one message on the channel."""
    codec.send(sock, {"sealed": values}, deadline)


def take_plain(sock: socket.socket, *, _recv=codec.recv) -> dict:
    """The child's side without the Linux jail, after its commit: the sealed values `give_plain` sent (fresh
    tensors, the same values `take` maps). Raises codec.ChannelError when the grader sends anything else.

    `recv` is bound when this module loads, so a submission rebinding `codec.recv` changes nothing.
    """
    message = _recv(sock)
    if not isinstance(message, dict) or set(message) != {"sealed"} or not isinstance(message["sealed"], dict):
        raise codec.ChannelError("no sealed values")
    return message["sealed"]
