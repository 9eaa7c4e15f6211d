"""Explanations for names and shapes that are not what the contract says."""

from __future__ import annotations

import difflib

from autograder.checks.tensors import fmt_shape


def listing(names, most: int = 6) -> str:
    """`a`, `b` and 3 more: names for a message, capped."""
    names = list(names)
    shown = ", ".join(f"`{n}`" for n in names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "") if names else "(none)"


def close_match(name: str, candidates) -> str | None:
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.7)
    return matches[0] if matches else None


def not_defined(name: str, defined) -> str:
    text = f"`{name}` is not defined"
    match = close_match(name, defined)
    if match:
        text += f"; did you mean `{match}`? The grader looks for the exact name `{name}`."
    return text


def name_hints(expected: dict, found: dict, hidden: list[dict]) -> list[str]:
    """Why the parameter (or buffer) names differ. `expected`/`found` map names to shapes."""
    missing = [n for n in expected if n not in found]
    unexpected = [n for n in found if n not in expected]
    hints: list[str] = []
    for item in hidden:
        if item["kind"] in ("list", "dict"):
            container = "nn.ModuleList" if item["kind"] == "list" else "nn.ModuleDict"
            hints.append(
                f"`self.{item['path']}` is a Python {item['type']} of modules: PyTorch does not look inside it, so "
                f"its layers' parameters are missing from parameters(), state_dict() and .to(device). "
                f"Use {container} instead."
            )
        elif item["kind"] == "plain_tensor" and item["path"] in missing:
            hints.append(
                f"`{item['path']}` is a plain tensor attribute, not a parameter: wrap it in nn.Parameter(...) so "
                f"it is registered, trained by the optimizer and saved in the state_dict."
            )
    prefix = _common_extra_prefix(expected, found)
    if prefix:
        hints.append(
            f"Every name has an extra `{prefix}` in front: the layers are wrapped in an extra container. "
            f"Assign each layer to its own attribute (`self.conv1 = ...`) as the contract names them."
        )
        return hints
    paired = set()
    shifted = [(n, m) for n in unexpected for m in missing if _index_shift(n, m)]
    if shifted and len(shifted) >= min(len(missing), len(unexpected)) // 2:
        n, m = shifted[0]
        hints.append(
            f"The indices differ (`{n}` where `{m}` is expected): inside an nn.Sequential or nn.ModuleList every "
            f"layer takes an index, including layers without parameters (ReLU, pooling). "
            f"Build the layers in the order the contract gives."
        )
        paired.update(m for _, m in shifted)
    for name in unexpected:
        match = _typo_of(name, [m for m in missing if m not in paired])
        if match:
            paired.add(match)
            hints.append(
                f"`{name}` looks like a typo of `{match}`: the attribute name becomes the parameter name."
            )
    for name in unexpected:
        same_shape = [m for m in missing if m not in paired and tuple(expected[m]) == tuple(found[name])]
        if len(same_shape) == 1:
            paired.add(same_shape[0])
            hints.append(
                f"`{name}` has the shape expected of `{same_shape[0]}`: rename it `{same_shape[0]}` "
                f"(names are part of the contract: they are the keys of the state_dict)."
            )
    for name in missing:
        if name.endswith(".bias") and name[:-5] + ".weight" in found and name not in paired:
            hints.append(f"`{name}` is missing: was `{name[:-5]}` created with bias=False?")
    for name in unexpected:
        if name.endswith(".bias") and name[:-5] + ".weight" in expected and name not in paired:
            hints.append(
                f"`{name}` should not exist: pass bias=False to `{name[:-5]}` "
                f"(a convolution followed by BatchNorm needs no bias)."
            )
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


LAYER_DIMS = {
    "Conv2d": ("out_channels", "in_channels", "kernel height", "kernel width"),
    "ConvTranspose2d": ("in_channels", "out_channels", "kernel height", "kernel width"),
    "Linear": ("out_features", "in_features"),
    "MyLinear": ("out_features", "in_features"),
}


def shape_hint(name: str, expected, found, layer_type: str | None) -> str:
    text = f"`{name}`: expected {fmt_shape(expected)}, found {fmt_shape(found)}."
    if len(expected) == 2 and tuple(found) == tuple(reversed(expected)) and expected[0] != expected[1]:
        return text + " It looks transposed: a linear layer stores its weight as (out_features, in_features)."
    dims = LAYER_DIMS.get(layer_type or "")
    if dims and len(dims) == len(expected) == len(found) and name.endswith("weight"):
        wrong = [
            f"{d} should be {e}, not {f}" for d, e, f in zip(dims, expected, found, strict=True) if e != f
        ]
        if wrong:
            text += f" For this {layer_type}: " + "; ".join(wrong) + "."
    return text
