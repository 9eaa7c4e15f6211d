"""Explanations (findings) for names and shapes that are not what the contract says."""

from __future__ import annotations

import difflib

from autograder.findings import Finding, finding


def close_match(name: str, candidates) -> str | None:
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.7)
    return matches[0] if matches else None


def not_defined(name: str, defined) -> Finding:
    match = close_match(name, defined)
    if match:
        return finding("not_defined_close", {"name": name}, match=match)
    return finding("not_defined", {"name": name})


def name_hints(expected: dict, found: dict, hidden: list[dict]) -> list[Finding]:
    """Why the parameter (or buffer) names differ. `expected`/`found` map names to shapes."""
    missing = [n for n in expected if n not in found]
    unexpected = [n for n in found if n not in expected]
    hints: list[Finding] = []
    for item in hidden:
        if item["kind"] in ("list", "dict"):
            container = "nn.ModuleList" if item["kind"] == "list" else "nn.ModuleDict"
            hints.append(
                finding(
                    "modules_in_python_container",
                    {"attribute": item["path"]},
                    type=item["type"],
                    container=container,
                )
            )
        elif item["kind"] == "plain_tensor" and item["path"] in missing:
            hints.append(finding("plain_tensor_attribute", {"parameter": item["path"]}))
    prefix = _common_extra_prefix(expected, found)
    if prefix:
        hints.append(finding("extra_prefix", {"prefix": prefix}))
        return hints
    paired = set()
    shifted = [(n, m) for n in unexpected for m in missing if _index_shift(n, m)]
    if shifted and len(shifted) >= min(len(missing), len(unexpected)) // 2:
        n, m = shifted[0]
        hints.append(finding("index_shift", {"name": n}, expected=m))
        paired.update(m for _, m in shifted)
    for name in unexpected:
        match = _typo_of(name, [m for m in missing if m not in paired])
        if match:
            paired.add(match)
            hints.append(finding("name_typo", {"name": name}, expected=match))
    for name in unexpected:
        same_shape = [m for m in missing if m not in paired and tuple(expected[m]) == tuple(found[name])]
        if len(same_shape) == 1:
            paired.add(same_shape[0])
            hints.append(finding("rename_same_shape", {"name": name}, expected=same_shape[0]))
    for name in missing:
        if name.endswith(".bias") and name[:-5] + ".weight" in found and name not in paired:
            hints.append(finding("bias_missing", {"parameter": name}, layer=name[:-5]))
    for name in unexpected:
        if name.endswith(".bias") and name[:-5] + ".weight" in expected and name not in paired:
            hints.append(finding("bias_unexpected", {"parameter": name}, layer=name[:-5]))
    return hints


def _index_shift(a: str, b: str) -> bool:
    """Same dotted name but for numeric parts: `layer1.1.weight` vs `layer1.2.weight`."""
    pa, pb = a.split("."), b.split(".")
    return (
        len(pa) == len(pb)
        and pa != pb
        and all(x == y or (x.isdigit() and y.isdigit()) for x, y in zip(pa, pb, strict=True))
    )


def _typo_of(name: str, candidates: list[str]) -> str | None:
    """A candidate that differs from `name` in one dotted part, by a few letters (not a number, not a rename)."""
    parts = name.split(".")
    for candidate in candidates:
        other = candidate.split(".")
        if len(other) != len(parts):
            continue
        diff = [(x, y) for x, y in zip(parts, other, strict=True) if x != y]
        if len(diff) == 1 and not (diff[0][0].isdigit() or diff[0][1].isdigit()):
            if difflib.SequenceMatcher(None, *diff[0]).ratio() >= 0.75:
                return candidate
    return None


def _common_extra_prefix(expected: dict, found: dict) -> str | None:
    if not expected or len(expected) != len(found):
        return None
    some = next(iter(expected))
    for name in found:
        if name.endswith("." + some):
            prefix = name[: -len(some)]
            if {prefix + n for n in expected} == set(found):
                return prefix
    return None


# The names of a weight's dimensions (those with spaces are `[terms]` in the catalogues).
LAYER_DIMS = {
    "Conv2d": ("out_channels", "in_channels", "kernel_height", "kernel_width"),
    "ConvTranspose2d": ("in_channels", "out_channels", "kernel_height", "kernel_width"),
    "Linear": ("out_features", "in_features"),
    "MyLinear": ("out_features", "in_features"),
}


def shape_hint(name: str, expected, found, layer_type: str | None) -> Finding:
    """A parameter (or buffer) of the wrong shape: transposed, or which of the layer's dimensions are wrong."""
    subject = {"parameter": name}
    if len(expected) == 2 and tuple(found) == tuple(reversed(expected)) and expected[0] != expected[1]:
        return finding("shape_transposed", subject, expected=expected, found=found)
    dims = LAYER_DIMS.get(layer_type or "")
    if dims and len(dims) == len(expected) == len(found) and name.endswith("weight"):
        wrong = [[d, e, f] for d, e, f in zip(dims, expected, found, strict=True) if e != f]
        if wrong:
            return finding(
                "shape_mismatch_dims", subject, expected=expected, found=found, layer=layer_type, dims=wrong
            )
    return finding("shape_mismatch", subject, expected=expected, found=found)
