"""Observations on disk: the JSON tree in `<stem>.json`, its tensors (and bytes) in `<stem>.safetensors`.

The tensor file is in the safetensors format (an 8-byte header length, a JSON header naming each tensor's
dtype, shape and byte range, then the raw bytes): nothing is ever unpickled, so reading the student kit's data
cannot run code. In the tree a tensor stands as {"__tensor__": name} and a byte string as {"__bytes__": name}.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import torch

# torch dtype name -> safetensors dtype code
CODES = {
    "float64": "F64",
    "float32": "F32",
    "float16": "F16",
    "bfloat16": "BF16",
    "int64": "I64",
    "int32": "I32",
    "int16": "I16",
    "int8": "I8",
    "uint8": "U8",
    "bool": "BOOL",
}
DTYPES = {code: getattr(torch, name) for name, code in CODES.items()}


def write(stem: Path, tree) -> None:
    """Writes `tree` (JSON data with tensors and bytes in it) as `<stem>.json` and `<stem>.safetensors`."""
    tensors: dict[str, torch.Tensor] = {}

    def walk(value):
        if isinstance(value, torch.Tensor):
            name = f"t{len(tensors)}"
            tensors[name] = value.detach().cpu().contiguous()
            return {"__tensor__": name}
        if isinstance(value, bytes | bytearray):
            name = f"t{len(tensors)}"
            tensors[name] = (
                torch.frombuffer(bytearray(value), dtype=torch.uint8)
                if value
                else torch.empty(0, dtype=torch.uint8)
            )
            return {"__bytes__": name}
        if isinstance(value, dict):
            return {str(k): walk(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [walk(v) for v in value]
        if value is None or isinstance(value, bool | int | float | str):
            return value
        raise TypeError(f"cannot store a {type(value).__name__} in observations")

    data = json.dumps(walk(tree), ensure_ascii=False, sort_keys=False)
    header, blobs, offset = {}, [], 0
    for name, tensor in tensors.items():
        raw = tensor.reshape(-1).view(torch.uint8).numpy().tobytes() if tensor.numel() else b""
        code = CODES[str(tensor.dtype).removeprefix("torch.")]
        header[name] = {
            "dtype": code,
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(raw)],
        }
        blobs.append(raw)
        offset += len(raw)
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)  # the format aligns the data to 8 bytes
    stem.with_suffix(".json").write_text(data + "\n", encoding="utf-8")
    stem.with_suffix(".safetensors").write_bytes(struct.pack("<Q", len(head)) + head + b"".join(blobs))


def read(stem: Path):
    """The tree `write` wrote, with fresh tensors and bytes in it."""
    raw = stem.with_suffix(".safetensors").read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    body = memoryview(raw)[8 + size :]
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        start, end = spec["data_offsets"]
        dtype = DTYPES[spec["dtype"]]
        if end == start:
            tensors[name] = torch.empty(spec["shape"], dtype=dtype)
        else:
            flat = torch.frombuffer(bytearray(body[start:end]), dtype=torch.uint8)
            tensors[name] = flat.view(dtype).reshape(spec["shape"])

    def walk(value):
        if isinstance(value, dict):
            if "__tensor__" in value:
                return tensors[value["__tensor__"]].clone()
            if "__bytes__" in value:
                return tensors[value["__bytes__"]].numpy().tobytes()
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    return walk(json.loads(stem.with_suffix(".json").read_text(encoding="utf-8")))
