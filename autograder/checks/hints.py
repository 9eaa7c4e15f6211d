"""Explanations (findings) for names and shapes that are not what the contract says."""

from __future__ import annotations

import difflib
import re

from autograder.findings import Finding, finding


def close_match(name: str, candidates) -> str | None:
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.7)
    return matches[0] if matches else None


def not_defined(name: str, defined) -> Finding:
    match = close_match(name, defined)
    if match:
        return finding("not_defined_close", {"name": name}, match=match)
    return finding("not_defined", {"name": name})


def name_hints(
    expected: dict, found: dict, hidden: list[dict], covered=frozenset(), buffers=frozenset()
) -> list[Finding]:
    """Why the parameter (or buffer) names differ, each offending name in one finding only.

    `expected`/`found` map names to shapes; `covered` names are explained already (e.g. a module registered at
    two places); `buffers` are the expected names that are buffers (a plain tensor in a buffer's place needs
    register_buffer, not nn.Parameter). First what explains a group of names (a Python container, an extra
    prefix, a shortcut under another name, a stage with another number of blocks, shifted indices), then one
    finding per name (a bias, a typo, a rename), then the names nothing explains, as the lists `names_missing`
    and `names_unexpected`.
    """
    missing = [n for n in expected if n not in found and n not in covered]
    unexpected = [n for n in found if n not in expected and n not in covered]
    hints: list[Finding] = []

    def explained(*names) -> None:
        for name in names:
            for remaining in (missing, unexpected):
                if name in remaining:
                    remaining.remove(name)

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
            explained(*[n for n in missing if n.startswith(item["path"] + ".")])
        elif item["kind"] == "plain_tensor" and (item["path"] in missing or set(buffers) & set(missing)):
            # A plain tensor where a buffer is missing is meant as one, whatever its name (d2l's moving_mean).
            if item["path"] in buffers or item["path"] not in missing:
                hints.append(finding("plain_tensor_buffer", {"buffer": item["path"]}))
            else:
                hints.append(finding("plain_tensor_attribute", {"parameter": item["path"]}))
            explained(item["path"])
    prefix = _common_extra_prefix(expected, found)
    if prefix:
        return hints + [finding("extra_prefix", {"prefix": prefix})]
    for extra, pairs in _extra_prefix_some(expected, found, missing, unexpected):
        name, other = pairs[0]
        hints.append(
            finding("extra_prefix_some", {"prefix": extra}, count=len(pairs), name=name, expected=other)
        )
        explained(*[x for pair in pairs for x in pair])
    for name, other in _shortcuts_named(expected, found, missing, unexpected):
        hints.append(finding("shortcut_named", {"name": name}, expected=other))
        for local in [n[len(name) :] for n in unexpected if n.startswith(name + ".")]:
            if other + local in expected:
                explained(name + local, other + local)
            elif local.endswith(".bias") and other + local[:-5] + ".weight" in expected:
                hints.append(finding("bias_unexpected", {"parameter": name + local}, layer=name + local[:-5]))
                explained(name + local)
    for stage, want_blocks, found_blocks, names in _block_counts(expected, found, missing, unexpected):
        hints.append(finding("block_count", {"layer": stage}, expected=want_blocks, found=found_blocks))
        explained(*names)
    # A bias is explained by its layer's weight before any rename: a layer with bias=True is not a renamed one.
    for name in list(unexpected):
        if name.endswith(".bias") and name[:-5] + ".weight" in expected and name[:-5] + ".weight" in found:
            hints.append(finding("bias_unexpected", {"parameter": name}, layer=name[:-5]))
            explained(name)
    for name in list(missing):
        if name.endswith(".bias") and name[:-5] + ".weight" in found:
            hints.append(finding("bias_missing", {"parameter": name}, layer=name[:-5]))
            explained(name)
    shifted = _pairs(unexpected, missing, _index_shift, expected, found)
    if shifted and len(shifted) >= min(len(missing), len(unexpected)) // 2:
        n, m = shifted[0]
        hints.append(finding("index_shift", {"name": n}, expected=m, count=len(shifted)))
        explained(*[x for pair in shifted for x in pair])
    for name in list(unexpected):
        match = _typo_of(name, missing)
        if match:
            hints.append(finding("name_typo", {"name": name}, expected=match))
            explained(name, match)
    for name in list(unexpected):
        same_shape = [m for m in missing if tuple(expected[m]) == tuple(found[name])]
        if len(same_shape) == 1:
            hints.append(finding("rename_same_shape", {"name": name}, expected=same_shape[0]))
            explained(name, same_shape[0])
    if missing:
        hints.append(finding("names_missing", names=missing))
    if unexpected:
        hints.append(finding("names_unexpected", names=unexpected))
    return hints


def _pairs(unexpected: list, missing: list, related, expected: dict, found: dict) -> list[tuple[str, str]]:
    """Each unexpected name with at most one missing name `related` to it (one of the same shape first)."""
    pairs, taken = [], set()
    for name in unexpected:
        candidates = [m for m in missing if m not in taken and related(name, m)]
        candidates.sort(key=lambda m: tuple(expected[m]) != tuple(found[name]))
        if candidates:
            pairs.append((name, candidates[0]))
            taken.add(candidates[0])
    return pairs


# torchvision's name for a residual block's projection shortcut, which the course's contract keeps.
SHORTCUT = "downsample"


def _owners(names: dict) -> dict[str, dict]:
    """{module path: {local name: shape}} of dotted names (`layer1.0.conv1.weight`)."""
    owners: dict[str, dict] = {}
    for name, shape in names.items():
        owner, _, local = name.rpartition(".")
        owners.setdefault(owner, {})[local] = tuple(shape)
    return owners


def _same_layer(a: dict, b: dict) -> bool:
    """The same parameters (or buffers) with the same shapes, but for a bias: one layer under two names."""
    a, b = ({k: v for k, v in x.items() if k != "bias"} for x in (a, b))
    return bool(a) and a == b


def _shortcuts_named(expected: dict, found: dict, missing: list, unexpected: list) -> list[tuple[str, str]]:
    """(found name, expected name) for a residual shortcut under another name: modules of the unexpected names
    with the shapes of the missing shortcut's (d2l's `conv3` for `downsample.0`; `shortcut` for `downsample`
    when its layers match by index too)."""
    want = _owners({n: expected[n] for n in missing})
    have = _owners({n: found[n] for n in unexpected})
    named: dict[str, str] = {}
    for owner, params in want.items():
        parts = owner.split(".")
        if SHORTCUT not in parts:
            continue
        i = len(parts) - 1 - parts[::-1].index(SHORTCUT)
        same = [
            other
            for other, other_params in have.items()
            if other.split(".")[:i] == parts[:i]
            and other.split(".")[i + 1 :] in ([], parts[i + 1 :])
            and _same_layer(other_params, params)
        ]
        if len(same) == 1:
            other = same[0].split(".")
            if len(other) > i + 1:  # a container in the shortcut's place: name the container
                named[".".join(other[: i + 1])] = ".".join(parts[: i + 1])
            else:
                named[same[0]] = owner
    return list(named.items())


def _blocks(names, stage: str) -> dict[str, set]:
    """{block index: the names below it, without `stage.<index>.`} of the `names` below `stage`."""
    blocks: dict[str, set] = {}
    for name in names:
        if name.startswith(stage + "."):
            index, _, local = name[len(stage) + 1 :].partition(".")
            if index.isdigit() and local:
                blocks.setdefault(index, set()).add(local)
    return blocks


def _block_counts(expected: dict, found: dict, missing: list, unexpected: list) -> list[tuple]:
    """(stage, blocks expected, blocks found, the names that explains) for each container of numbered blocks
    (`layer3.0`, `layer3.1`, ...) numbered 0, 1, ... in both, but more or fewer: ResNet-18's two blocks per stage
    where ResNet-50 has 6. A block is a module of layers, and each block both have is named alike; the others
    are the ones missing (or unexpected)."""
    stages = {name[: m.start()] for name in [*missing, *unexpected] for m in re.finditer(r"\.\d+\.", name)}
    result = []
    for stage in sorted(stages):
        want, have = _blocks(expected, stage), _blocks(found, stage)
        n, k = len(want), len(have)
        if (
            not n
            or not k
            or n == k
            or set(want) != set(map(str, range(n)))
            or set(have) != set(map(str, range(k)))
        ):
            continue
        # Blocks are modules of layers (`layer3.0.conv1.weight`), each one named as the other's.
        if any(want[str(i)] != have[str(i)] for i in range(min(n, k))) or not all(
            "." in local for block in [*want.values(), *have.values()] for local in block
        ):
            continue
        extra = [f"{stage}.{i}." for i in range(min(n, k), max(n, k))]
        names = [x for x in [*missing, *unexpected] if any(x.startswith(e) for e in extra)]
        result.append((stage, n, k, names))
    return result


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


def _extra_prefix_some(
    expected: dict, found: dict, missing: list, unexpected: list
) -> list[tuple[str, list]]:
    """(prefix, [(found name, expected name), ...]) for a prefix in front of several missing names, with their
    shapes: a whole model kept as one attribute (`lenet.conv1.weight` for `conv1.weight`) next to new layers."""
    groups: dict[str, list] = {}
    for name in unexpected:
        for other in missing:
            if name.endswith("." + other) and tuple(found[name]) == tuple(expected[other]):
                groups.setdefault(name[: -len(other)], []).append((name, other))
                break
    return [(prefix, pairs) for prefix, pairs in groups.items() if len(pairs) >= 2]


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
