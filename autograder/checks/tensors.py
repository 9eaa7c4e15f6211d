"""Compare one tensor with another, the way a student needs to hear about the difference."""

from __future__ import annotations

import torch

from autograder.sandbox.codec import Unsendable, plain

RTOL = 1e-4
ATOL = 1e-5

# A tensor the grader cannot compare (see `codec.Unsendable`): what it is, and what to return instead.
UNSENDABLE = {
    "sparse": ("a sparse tensor ({detail})", "return a dense tensor"),
    "meta": (
        "a tensor on the meta device (a shape with no values)",
        "return a tensor computed from the input",
    ),
    "quantized": ("a quantized tensor ({detail})", "return a floating-point tensor"),
    "nested": ("a nested tensor", "return one regular tensor"),
    "subclass": (
        "a subclass of torch.Tensor named {detail} whose values cannot be read",
        "return a plain torch.Tensor",
    ),
    "unreadable": ("a tensor whose values cannot be read ({detail})", "return a plain, dense tensor"),
}


def unsendable(value) -> tuple[str, str] | None:
    """(what it is, what to do instead) when `value` is a tensor the grader cannot compare: the marker that
    crossed the channel in its place, or such a tensor itself (a driver run in this process); else None."""
    if isinstance(value, torch.Tensor):
        value = plain(value)
    if not isinstance(value, Unsendable):
        return None
    what, advice = UNSENDABLE.get(value.kind, UNSENDABLE["unreadable"])
    return what.format(detail=value.detail or "?"), advice


def fmt_shape(shape) -> str:
    if shape is None:
        return "(not a tensor)"
    return "(" + ", ".join(str(int(d)) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def difference(found, expected: torch.Tensor, rtol: float = RTOL, atol: float = ATOL) -> str | None:
    """None when `found` equals `expected` within tolerance; otherwise what differs, shape before values.

    Shape, dtype and finiteness are checked before values: `allclose` would broadcast a (N, 1) against a (N,).
    Both are compared as plain tensors (a subclass's own comparisons are never called).
    """
    said = unsendable(found)
    if said:
        return f"expected a plain, dense tensor, found {said[0]}"
    if not isinstance(found, torch.Tensor):
        return f"expected a tensor, found {type(found).__name__}"
    said = unsendable(expected)
    if said:
        return f"not compared: the reference gave {said[0]}; please report this to your instructor"
    found, expected = plain(found), plain(expected)
    if tuple(found.shape) != tuple(expected.shape):
        return f"expected shape {fmt_shape(expected.shape)}, found {fmt_shape(found.shape)}"
    if found.dtype != expected.dtype:
        return f"expected dtype {str(expected.dtype)[6:]}, found {str(found.dtype)[6:]}"
    if found.is_floating_point():
        bad = ~torch.isfinite(found)
        if bad.any() and not (~torch.isfinite(expected)).any():
            kind = "NaN" if torch.isnan(found).any() else "inf"
            return f"the output contains {kind} ({int(bad.sum())} of {found.numel()} values)"
    if expected.numel() == 0:
        return None
    if found.is_floating_point() or expected.is_floating_point():
        f64, e64 = found.double(), expected.double()
        scale = max(1.0, float(e64.abs().max()))
        if torch.allclose(f64, e64, rtol=rtol, atol=atol * scale):
            return None
        diff = (f64 - e64).abs()
        index = tuple(int(i) for i in torch.unravel_index(diff.argmax(), diff.shape))
        where = f" at index {index}" if index else ""
        return (
            f"values differ: largest difference {float(diff.max()):.4g}{where} "
            f"(expected {float(e64[index]):.4g}, found {float(f64[index]):.4g})"
        )
    if torch.equal(found, expected):
        return None
    return "values differ"


def same(found, expected) -> bool:
    return difference(found, expected) is None
