"""Messages between grader and child: a JSON header plus raw tensor bytes, framed on a socket.

Nothing here unpickles: a tensor crosses as (dtype, shape, bytes) and is rebuilt as a fresh, plain
`torch.Tensor`, so no object of the student's can reach the grader. A tensor with no such form (sparse, meta,
quantized, nested, a subclass whose data cannot be read) crosses as an `Unsendable` saying what it was, so
that one odd observation fails one check instead of the channel.
"""

from __future__ import annotations

import json
import socket
import struct
import time
from dataclasses import dataclass

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
        torch.complex64,
        torch.complex128,
    )
}
# What one message may weigh. The largest honest reply (a probe's outputs, cut at MAX_OUTPUT_ELEMENTS by the
# drivers) is far below; a child whose observation would be larger says so instead of sending it, so a frame
# over these limits is a lie, and the grader's memory per message stays bounded whatever a child sends.
MAX_FRAME = 256 << 20  # bytes of a whole message
MAX_HEADER = 4 << 20  # bytes of its JSON part (parsed into Python objects, which weigh more than the text)
MAX_DEPTH = 32  # nesting of lists and dicts: no observation is deeper
MAX_DIMS = 16  # dimensions of a tensor
MAX_TEXT = 2000  # characters: the most of any one string from student code that the grader keeps or repeats
MAX_NAME = 100  # characters of a name (parameter, module, class): no name the contract asks for is longer
MAX_DETAIL = 80  # characters of an Unsendable's detail (a class name, a layout)
HEADER = struct.Struct("<QI")  # total length, JSON length
_SPARSE_LAYOUTS = {
    torch.sparse_coo,
    torch.sparse_csr,
    torch.sparse_csc,
    torch.sparse_bsr,
    torch.sparse_bsc,
}


class ChannelError(Exception):
    """The peer sent something that is not a well-formed message, or closed the channel."""


class Malformed(ChannelError):
    """The peer sent bytes that are not a well-formed message (as opposed to closing the channel)."""


class Deadline(Exception):
    """The peer did not answer in time."""


@dataclass(frozen=True)
class Unsendable:
    """Stands where a tensor was that has no plain, dense form: which `kind` it was, and a short detail.

    kind: "sparse" (detail: its layout), "meta", "quantized" (its dtype), "nested", "subclass" (the class
    name) or "unreadable" (why). Checks turn it into a failed check that says so (see `checks.tensors`).
    """

    kind: str
    detail: str = ""


_ITEMSIZE = {name: torch.empty((), dtype=dtype).element_size() for name, dtype in DTYPES.items()}
KINDS = ("sparse", "meta", "quantized", "nested", "subclass", "unreadable")


# Characters a terminal acts on rather than shows (escape sequences that move the cursor, clear the screen,
# set the title or the clipboard; carriage returns that overwrite a line; bidi overrides that reorder it):
# written as visible escapes instead, so text from a submission can be printed anywhere. Newlines and tabs stay.
_CONTROLS = [c for c in range(0x20) if c not in (0x09, 0x0A)] + list(range(0x7F, 0xA0))
_CONTROLS += [0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
SHOWN = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _CONTROLS}


def clip(text: str, limit: int = MAX_TEXT) -> str:
    """`text`, cut to about `limit` characters with a note of how many more there were ("… (+1234)", the same in
    every language: what is cut is the submission's text, not the grader's words), and printable: lone
    surrogates (which no terminal or file can take) become "?", control characters visible escapes (`SHOWN`)."""
    text = str.__str__(text)  # a str subclass's own __len__ or slicing is never called
    cut = text[:limit].encode("utf-8", "replace").decode("utf-8").translate(SHOWN)
    return cut if len(text) <= limit else f"{cut} … (+{len(text) - limit})"


def clip_strings(value, limit: int = MAX_TEXT):
    """`value` with every string in it (dict keys too) clipped: what a peer sent, before it is kept."""
    if isinstance(value, str):
        return clip(value, limit)
    if isinstance(value, dict):
        return {clip_strings(k, limit): clip_strings(v, limit) for k, v in value.items()}
    if isinstance(value, list):
        return [clip_strings(v, limit) for v in value]
    return value


def unsendable(value: torch.Tensor) -> Unsendable | None:
    """What kind of tensor `value` is when it has no plain, dense form; None when it has one.

    Reads only what every tensor's C++ side records (layout, device, flags), never its data, and bypasses a
    subclass's __torch_function__, so it cannot be lied to or made to fail by a subclass's Python code.
    """
    try:
        with torch._C.DisableTorchFunctionSubclass():
            if value.is_nested:
                return Unsendable("nested")
            if value.layout in _SPARSE_LAYOUTS:
                return Unsendable("sparse", str(value.layout))
            if value.layout != torch.strided:
                return Unsendable("unreadable", f"layout {value.layout}")
            if value.is_meta:
                return Unsendable("meta")
            if value.is_quantized:
                return Unsendable("quantized", str(value.dtype))
    except Exception as exc:  # noqa: BLE001 (a hostile subclass may raise anything)
        return _unreadable(value, exc)
    return None


def plain(value: torch.Tensor) -> torch.Tensor | Unsendable:
    """`value` as a plain, dense, contiguous CPU tensor of a dtype the channel carries (detached, a copy only
    where needed), or an `Unsendable` saying why it has no such form. Never raises."""
    marker = unsendable(value)
    if marker is not None:
        return marker
    try:
        with torch._C.DisableTorchFunctionSubclass():
            tensor = value.detach().cpu().contiguous()
            if type(tensor) is not torch.Tensor:
                tensor = tensor.as_subclass(torch.Tensor)
            if tensor.dtype not in DTYPES.values():
                tensor = tensor.to(torch.complex128 if tensor.is_complex() else torch.float64)
            return tensor
    except Exception as exc:  # noqa: BLE001 (a subclass's __torch_dispatch__ may raise anything)
        return _unreadable(value, exc)


def _unreadable(value, exc: Exception) -> Unsendable:
    cls = type(value)
    if cls is not torch.Tensor and cls is not torch.nn.Parameter:
        return Unsendable("subclass", clip(getattr(cls, "__name__", "?"), MAX_DETAIL))
    return Unsendable("unreadable", clip(type(exc).__name__, MAX_DETAIL))


def encode(obj) -> bytes:
    """Encodes JSON-able data that may contain tensors and bytes.

    Never raises for what it is given: a tensor with no plain form becomes an `Unsendable`, an object JSON
    cannot hold becomes its (clipped) repr.
    """
    blobs: list[bytes] = []
    offset = 0

    def walk(value):
        nonlocal offset
        if isinstance(value, torch.Tensor):
            value = plain(value)
        if isinstance(value, Unsendable):
            return {"__unsendable__": [str(value.kind), clip(str(value.detail), MAX_DETAIL)]}
        if isinstance(value, torch.Tensor):
            name = str(value.dtype).removeprefix("torch.")
            data = value.reshape(-1).view(torch.uint8).numpy().tobytes() if value.numel() else b""
            blobs.append(data)
            offset += len(data)
            return {"__tensor__": [name, list(value.shape), offset - len(data), len(data)]}
        if isinstance(value, bytes | bytearray):
            blobs.append(bytes(value))
            offset += len(value)
            return {"__bytes__": [offset - len(value), len(value)]}
        if isinstance(value, dict):
            return {_key(k): walk(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [walk(v) for v in value]
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, int):
            # JSON would write any int, but Python refuses to turn one of over 4300 digits into text.
            bits = int.bit_length(value)
            return int.__int__(value) if bits <= 64 else f"an integer of {bits} bits"
        if isinstance(value, float):
            return float.__float__(value)
        if isinstance(value, str):
            return str.__str__(value)
        return safe_repr(value)

    header = json.dumps(walk(obj)).encode()
    body = b"".join(blobs)
    return HEADER.pack(len(header) + len(body), len(header)) + header + body


def _key(key) -> str:
    return str.__str__(key) if isinstance(key, str) else safe_repr(key)


def safe_repr(value) -> str:
    """repr(value), clipped; a stand-in when the object's own __repr__ fails."""
    try:
        text = repr(value)
        if type(text) is str:
            return clip(text)
    except Exception:  # noqa: BLE001 (a student's __repr__ may raise anything)
        pass
    return f"<{clip(type(value).__name__, MAX_DETAIL)}>"


def decode(frame, header_len: int, share: bool = False):
    """Rebuilds what `encode` wrote. Raises Malformed (a ChannelError), and nothing else, on anything malformed.

    `frame` (bytes, a bytearray or a buffer) holds the JSON header, then the raw bytes the tensors and bytes of
    the message point into. Tensors are copies, so that keeping one never keeps a whole frame alive (a child
    could otherwise pin 256 MB per message with one small tensor); with `share`, they share a writable
    frame's memory instead (the sealed values a child maps, see `sealed`).
    Everything a peer sends is a lie until checked: the nesting depth, every tensor's dtype, shape, offset and
    size, every marker's form. Any exception while rebuilding is the peer's malformed message.
    """
    try:
        if not 0 <= header_len <= min(len(frame), MAX_HEADER):
            raise Malformed(f"message header of {header_len} bytes is over the limit")
        tree = json.loads(bytes(frame[:header_len]))
        body = memoryview(frame)[header_len:]
        return _rebuild(tree, body, 0, share)
    except Malformed:
        raise
    except Exception as exc:  # noqa: BLE001 (RecursionError, MemoryError, TypeError ...: all the peer's doing)
        raise Malformed(f"malformed message ({clip(f'{type(exc).__name__}: {exc}', 200)})") from None


def _rebuild(value, body: memoryview, depth: int, share: bool):
    if depth > MAX_DEPTH:
        raise Malformed("message nested too deeply")
    if isinstance(value, dict):
        if "__tensor__" in value:
            return _tensor(value["__tensor__"], body, share)
        if "__unsendable__" in value:
            return _unsendable(value["__unsendable__"])
        if "__bytes__" in value:
            start, size = _extent(value["__bytes__"], body)
            return bytes(body[start : start + size])
        return {k: _rebuild(v, body, depth + 1, share) for k, v in value.items()}
    if isinstance(value, list):
        return [_rebuild(v, body, depth + 1, share) for v in value]
    return value


def _count(value) -> int:
    """`value` if it is a plain int that is not negative (a bool is not a count); else ChannelError."""
    if type(value) is not int or value < 0:
        raise Malformed(f"malformed count in message ({safe_repr(value)[:40]})")
    return value


def _extent(spec, body: memoryview) -> tuple[int, int]:
    """(start, size) of a slice of the body, both checked to lie inside it."""
    if not (isinstance(spec, list) and len(spec) == 2):
        raise Malformed("malformed extent in message")
    start, size = _count(spec[0]), _count(spec[1])
    if start + size > len(body):
        raise Malformed("extent outside the message")
    return start, size


def _unsendable(spec) -> Unsendable:
    if not (isinstance(spec, list) and len(spec) == 2 and spec[0] in KINDS and isinstance(spec[1], str)):
        raise Malformed("malformed marker in message")
    return Unsendable(spec[0], clip(spec[1], MAX_DETAIL))


def _tensor(spec, body: memoryview, share: bool) -> torch.Tensor:
    if not (isinstance(spec, list) and len(spec) == 4 and isinstance(spec[0], str) and spec[0] in DTYPES):
        raise Malformed("malformed tensor in message")
    name, shape, start, size = spec
    if not isinstance(shape, list) or len(shape) > MAX_DIMS:
        raise Malformed("malformed tensor shape in message")
    dtype = DTYPES[name]
    numel = 1
    for dim in shape:
        numel *= _count(dim)
    start, size = _extent([start, size], body)
    if numel * _ITEMSIZE[name] != size:
        raise Malformed("tensor size does not match its shape")
    if size == 0:
        return torch.empty(shape, dtype=dtype)
    data = body[start : start + size]
    if data.readonly or not share:
        data = bytearray(data)
    return torch.frombuffer(data, dtype=torch.uint8).view(dtype).reshape(shape)


def fits(data: bytes) -> bool:
    """Whether an encoded message is within what a reader accepts (MAX_FRAME, MAX_HEADER)."""
    total, header_len = HEADER.unpack_from(data)
    return total <= MAX_FRAME and header_len <= MAX_HEADER


def send(sock: socket.socket, obj, deadline: float | None = None, *, _encode=encode) -> None:
    """Writes one message; `deadline` as for `recv` (a peer that stops reading must not block us forever).

    `encode` is bound when this module loads, so a submission rebinding `codec.encode` changes nothing.
    """
    send_bytes(sock, _encode(obj), deadline)


def send_bytes(sock: socket.socket, data: bytes, deadline: float | None = None) -> None:
    """Writes one message already encoded."""
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
    head = _read(sock, HEADER.size, deadline, watch)
    total, header_len = HEADER.unpack(head)
    if total > MAX_FRAME or header_len > min(total, MAX_HEADER):
        raise Malformed(f"message of {total} bytes is over the limit")
    return decode(_read(sock, total, deadline, watch), header_len)


def _read(sock: socket.socket, size: int, deadline: float | None, watch=None) -> bytearray:
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
    return buf
