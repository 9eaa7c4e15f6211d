"""Messages between grader and child: a JSON header plus raw tensor bytes, framed on a socket.

Nothing here unpickles: a tensor crosses as (dtype, shape, bytes) and is rebuilt as a fresh, plain
`torch.Tensor`, so no object of the student's can reach the grader.
"""

from __future__ import annotations

import json
import socket
import struct
import time

import torch

DTYPES = {
    str(dtype).removeprefix("torch."): dtype
    for dtype in (
        torch.float32,
        torch.float64,
        torch.float16,
        torch.bfloat16,
        torch.int64,
        torch.int32,
        torch.int16,
        torch.int8,
        torch.uint8,
        torch.bool,
    )
}
MAX_FRAME = 1 << 30  # 1 GiB: above this the peer is broken or hostile.
_HEADER = struct.Struct("<QI")  # total length, JSON length


class ChannelError(Exception):
    """The peer sent something that is not a well-formed message, or closed the channel."""


class Deadline(Exception):
    """The peer did not answer in time."""


def encode(obj) -> bytes:
    """Encodes JSON-able data that may contain tensors and bytes."""
    blobs: list[bytes] = []
    offset = 0

    def walk(value):
        nonlocal offset
        if isinstance(value, torch.Tensor):
            with torch._C.DisableTorchFunctionSubclass():
                tensor = value.detach().cpu().contiguous()
                name = str(tensor.dtype).removeprefix("torch.")
                if name not in DTYPES:
                    tensor, name = tensor.to(torch.float64), "float64"
                data = tensor.reshape(-1).view(torch.uint8).numpy().tobytes() if tensor.numel() else b""
            blobs.append(data)
            offset += len(data)
            return {"__tensor__": [name, list(tensor.shape), offset - len(data), len(data)]}
        if isinstance(value, bytes | bytearray):
            blobs.append(bytes(value))
            offset += len(value)
            return {"__bytes__": [offset - len(value), len(value)]}
        if isinstance(value, dict):
            return {str(k): walk(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [walk(v) for v in value]
        if value is None or isinstance(value, bool | int | float | str):
            return value
        return repr(value)

    header = json.dumps(walk(obj)).encode()
    body = b"".join(blobs)
    return _HEADER.pack(len(header) + len(body), len(header)) + header + body


def decode(frame: bytes, header_len: int):
    """Rebuilds what `encode` wrote; raises ChannelError on anything malformed."""
    try:
        tree = json.loads(frame[:header_len])
    except (ValueError, UnicodeDecodeError) as exc:
        raise ChannelError(f"malformed message header ({exc})") from None
    body = memoryview(frame)[header_len:]

    def walk(value):
        if isinstance(value, dict):
            if "__tensor__" in value:
                return _tensor(value["__tensor__"], body)
            if "__bytes__" in value:
                start, size = value["__bytes__"]
                return bytes(body[start : start + size])
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(tree)


def _tensor(spec, body: memoryview) -> torch.Tensor:
    try:
        name, shape, start, size = spec
        dtype = DTYPES[name]
        numel = 1
        for dim in shape:
            numel *= int(dim)
        itemsize = torch.empty((), dtype=dtype).element_size()
        if numel * itemsize != size or start < 0 or start + size > len(body):
            raise ValueError("size does not match shape")
    except (KeyError, ValueError, TypeError) as exc:
        raise ChannelError(f"malformed tensor in message ({exc})") from None
    if size == 0:
        return torch.empty(shape, dtype=dtype)
    raw = torch.frombuffer(bytearray(body[start : start + size]), dtype=torch.uint8)
    return raw.view(dtype).reshape(shape)


def send(sock: socket.socket, obj, deadline: float | None = None, *, _encode=encode) -> None:
    """Writes one message; `deadline` as for `recv` (a peer that stops reading must not block us forever).

    `encode` is bound when this module loads, so a submission rebinding `codec.encode` changes nothing.
    """
    data = _encode(obj)
    if deadline is None:
        sock.settimeout(None)
        sock.sendall(data)
        return
    view = memoryview(data)
    while view:
        left = deadline - time.monotonic()
        if left <= 0:
            raise Deadline()
        sock.settimeout(min(left, 0.5))
        try:
            sent = sock.send(view)
        except TimeoutError:
            continue
        view = view[sent:]


def recv(sock: socket.socket, deadline: float | None = None, watch=None):
    """Reads one whole message.

    Args:
        deadline: a time.monotonic() value, or None to wait forever.
        watch: called about every 0.25 s while waiting (it may raise to give up, e.g. a memory watchdog).
            A message is never abandoned half read: that would leave the stream out of step.
    """
    head = _read(sock, _HEADER.size, deadline, watch)
    total, header_len = _HEADER.unpack(head)
    if total > MAX_FRAME or header_len > total:
        raise ChannelError(f"message of {total} bytes is over the limit")
    return decode(_read(sock, total, deadline, watch), header_len)


def _read(sock: socket.socket, size: int, deadline: float | None, watch=None) -> bytes:
    buf = bytearray(size)
    view = memoryview(buf)
    got = 0
    while got < size:
        if deadline is not None or watch is not None:
            left = 0.25 if deadline is None else deadline - time.monotonic()
            if left <= 0:
                raise Deadline()
            sock.settimeout(min(left, 0.25))
        else:
            sock.settimeout(None)
        try:
            n = sock.recv_into(view[got:])
        except TimeoutError:
            if watch is not None:
                watch()
            continue
        except OSError as exc:
            raise ChannelError(f"channel closed ({exc})") from None
        if n == 0:
            raise ChannelError("channel closed")
        got += n
    return bytes(buf)
