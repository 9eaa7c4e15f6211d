"""Compare one tensor with another: what differs, as a finding (shape before dtype before values)."""

from __future__ import annotations

import torch

from autograder.findings import Finding, finding
from autograder.jailed.codec import Unsendable, plain

RTOL = 1e-4
ATOL = 1e-5


def unsendable(value) -> dict | None:
    """{"kind", "detail"} when `value` is a tensor the grader cannot compare (see `codec.Unsendable`): the
    marker that crossed the channel in its place, or such a tensor itself (a driver run in this process)."""
    if isinstance(value, torch.Tensor):
        value = plain(value)
    if not isinstance(value, Unsendable):
        return None
    kind = value.kind if value.kind in UNSENDABLE_KINDS else "unreadable"
    return {"kind": kind, "detail": value.detail or "?"}


# The catalogues' `[terms]` hold "tensor_<kind>" (what it is) and "advice_<kind>" (what to return instead).
UNSENDABLE_KINDS = ("sparse", "meta", "quantized", "nested", "subclass", "unreadable")


def difference(found, expected: torch.Tensor, rtol: float = RTOL, atol: float = ATOL) -> Finding | None:
    """None when `found` equals `expected` within tolerance; otherwise what differs, shape before values.

    Shape, dtype and finiteness are checked before values: `allclose` would broadcast a (N, 1) against a (N,).
    Both are compared as plain tensors (a subclass's own comparisons are never called).
    """
    said = unsendable(found)
    if said:
        return finding("tensor_unsendable", **said)
    if not isinstance(found, torch.Tensor):
        return finding("not_a_tensor", type=type(found).__name__)
    said = unsendable(expected)
    if said:
        return finding("reference_unsendable", **said)
    found, expected = plain(found), plain(expected)
    if tuple(found.shape) != tuple(expected.shape):
        return finding("shape_differs", expected=list(expected.shape), found=list(found.shape))
    if found.dtype != expected.dtype:
        return finding("dtype_differs", expected=str(expected.dtype)[6:], found=str(found.dtype)[6:])
    if found.is_floating_point():
        bad = ~torch.isfinite(found)
        if bad.any() and not (~torch.isfinite(expected)).any():
            kind = "NaN" if torch.isnan(found).any() else "inf"
            return finding("not_finite", kind=kind, count=int(bad.sum()), total=found.numel())
    if expected.numel() == 0:
        return None
    if found.is_floating_point() or expected.is_floating_point():
        f64, e64 = found.double(), expected.double()
        scale = max(1.0, float(e64.abs().max()))
        if torch.allclose(f64, e64, rtol=rtol, atol=atol * scale):
            return None
        diff = (f64 - e64).abs()
        index = tuple(int(i) for i in torch.unravel_index(diff.argmax(), diff.shape))
        return finding(
            "values_differ_at" if index else "values_differ",
            largest=float(diff.max()),
            index=list(index),
            expected=float(e64[index]),
            found=float(f64[index]),
        )
    if torch.equal(found, expected):
        return None
    return finding("values_differ_exact")


def same(found, expected) -> bool:
    return difference(found, expected) is None
