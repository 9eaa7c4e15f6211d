"""Forward outputs against the reference, computed with the grader's weights on the grader's inputs."""

from __future__ import annotations

from autograder.checks.structure import built, judged
from autograder.checks.tensors import difference, fmt_shape, unsendable


def _inputs(call) -> str:
    return ", ".join(fmt_shape(x.shape) for x in call["inputs"])


def _problem(found: dict, expected: dict) -> str | None:
    if "error" in found:
        return "forward raised an error:\n" + found["error"]
    if found.get("too_large"):
        return f"the output is far too large: {fmt_shape(found['too_large'])}"
    if "tensor" not in found:
        return f"forward returned a {found.get('type')}, not a tensor"
    said = unsendable(found["tensor"])
    if said:
        return f"forward returned {said[0]}; {said[1]}"
    return difference(found["tensor"], expected["tensor"])


def forward(mode: str):
    """A check of every forward call in `mode` ("eval" or "train") of every configuration."""

    @judged
    def judge(ctx) -> str | None:
        for index, (label, student, expected) in enumerate(built(ctx)):
            load = student.get("load") or {}
            if load.get("error"):
                return (
                    f"not checked: the grader's weights do not fit `{label}` (see `parameter_shapes`):\n"
                    + load["error"]
                    + _trace_text(student, expected)
                )
            if load.get("missing") or load.get("unexpected"):
                params = {
                    n for n, *_ in expected["structure"]["parameters"] + student["structure"]["parameters"]
                }
                wrong = set(load.get("missing", [])) | set(load.get("unexpected", []))
                see = "parameter_names" if wrong & params else "buffers"
                return (
                    f"not checked: the grader loads its weights into `{label}` by name, so the names must match "
                    f"first (see `{see}`)."
                )
            probe = [p for p in ctx.probes if p.driver == "module"][index]
            calls = probe.params["calls"]
            for j, call in enumerate(calls):
                if call["mode"] != mode:
                    continue
                problem = _problem(student["outputs"][j], expected["outputs"][j])
                if problem is None:
                    continue
                text = f"`{label}` in {mode} mode, input {_inputs(call)}: {problem}"
                if call.get("repeat"):
                    text += (
                        "\nThe same input gave a different output the second time: forward must not change the "
                        "module (no state kept between calls)."
                    )
                mistakes = ctx.matching_mistakes(_same_mode(calls, mode), [ctx.probes.index(probe)])
                if mistakes:
                    text += "\nLikely cause: " + mistakes[0]
                else:
                    text += _trace_text(student, expected, mode)
                return text
        return None

    judge.__name__ = f"forward_{mode}"
    return judge


def passed(mode: str):
    """What a passing forward check says: how many inputs, which batch sizes."""

    def message(ctx) -> str:
        calls = [
            c for p in ctx.probes if p.driver == "module" for c in p.params["calls"] if c["mode"] == mode
        ]
        sizes = sorted({int(c["inputs"][0].shape[0]) for c in calls})
        return (
            f"matches the reference (same weights) on {len(calls)} inputs in {mode} mode, "
            f"batch sizes {', '.join(map(str, sizes))}"
        )

    return message


def _same_mode(calls: list, mode: str):
    """Whether a variant behaves like the student on every call in `mode`: equal outputs, or both raising."""
    indices = [j for j, call in enumerate(calls) if call["mode"] == mode]

    def alike(mine: dict, theirs: dict) -> bool:
        if "tensor" in mine and "tensor" in theirs:
            return difference(mine["tensor"], theirs["tensor"]) is None
        # Both raised the same error (same type and message; the line it came from differs).
        return (
            "error" in mine
            and "error" in theirs
            and mine["error"].split("\n")[0] == theirs["error"].split("\n")[0]
        )

    def same(student: dict, variant: dict) -> bool:
        mine, theirs = student.get("outputs"), variant.get("outputs")
        if not mine or not theirs:
            return False
        return all(alike(mine[j], theirs[j]) for j in indices)

    return same


@judged
def gradients(ctx) -> str | None:
    """Gradients must reach every parameter (no .data, .detach() or rebuilt tensors in forward)."""
    for label, student, expected in built(ctx):
        found, want = student.get("gradients"), expected.get("gradients")
        load = student.get("load") or {}
        if load.get("missing") or load.get("unexpected"):
            return f"not checked: the grader's weights load by name into `{label}` (see `parameter_names`)."
        if found is None or want is None:
            return f"not checked: the grader's weights do not fit `{label}` (see `parameter_shapes`)."
        if "error" in found:
            return f"`{label}`: backward through forward raised an error:\n{found['error']}"
        for name, grad in want["grads"].items():
            mine = found["grads"].get(name)
            if mine is None:
                return (
                    f"`{label}`: no gradient reaches `{name}`. forward must use the parameter itself: `.data`, "
                    f"`.detach()` or a tensor rebuilt from it cut it off from autograd, so it would never train."
                )
            problem = difference(mine, grad)
            if problem:
                return f"`{label}`: the gradient of `{name}` differs from the reference's: {problem}"
    return None


def _trace_text(student: dict, expected: dict, mode: str = "eval") -> str:
    """Where the student's forward first parts from the reference's: a layer that never ran, the first layer
    whose output differs, or, when every layer matches, forward's own code around them."""
    mine = [r for r in student.get("trace") or [] if r[4] == mode]
    ref = [r for r in expected.get("trace") or [] if r[4] == mode]
    if not mine:
        return ""
    own_weights = student.get("trace_own_weights")
    defined = {name for name, _, _ in student["structure"]["modules"]}
    ran = {}
    for name, *_ in mine:
        ran[name] = ran.get(name, 0) + 1
    ref_runs = {}
    for name, *_ in ref:
        ref_runs[name] = ref_runs.get(name, 0) + 1
    crashed = any("error" in o for o in student.get("outputs") or []) or own_weights
    for name, kind, *_ in ref if not crashed else []:
        if name in defined and name not in ran:
            return f"\n`{name}` ({kind}) never ran: it is created in __init__ but forward does not call it."
    ref_by_name: dict = {}
    for name, kind, shape, value, _ in ref:
        ref_by_name.setdefault(name, []).append((kind, shape, value))
    seen: dict = {}
    last_ok = None
    for name, kind, shape, value, _ in mine:
        k = seen.get(name, 0)
        seen[name] = k + 1
        if name not in ref_by_name or k >= len(ref_by_name[name]):
            if name in ref_runs and ran[name] > ref_runs[name]:
                return f"\n`{name}` ({kind}) runs {ran[name]} times in your forward; the reference runs it {ref_runs[name]}."
            continue
        _, ref_shape, ref_value = ref_by_name[name][k]
        if shape != ref_shape:
            return (
                f"\nThe first layer whose output differs is `{name}` ({kind}): expected shape "
                f"{fmt_shape(ref_shape)}, found {fmt_shape(shape)}."
                + (f" Everything up to `{last_ok}` matches." if last_ok else "")
                + "\n"
                + _shapes("Your shapes", mine)
                + "\n"
                + _shapes("Expected", ref)
            )
        if not own_weights and value is not None and ref_value is not None and difference(value, ref_value):
            where = f"Everything up to `{last_ok}` matches; the" if last_ok else "The"
            text = (
                f"\n{where} first layer whose output differs is `{name}` ({kind}): check that layer and what "
                f"forward does to its input."
            )
            lacking = [(n, t) for n, t, *_ in ref if n.startswith(name + ".") and n not in defined]
            if lacking:
                text += f" The reference's `{name}` also runs `{lacking[-1][0]}` ({lacking[-1][1]}), which yours lacks."
            return text
        last_ok = name
    if last_ok and not crashed:
        return (
            "\nEvery layer's output matches the reference; the difference comes from forward's own code around "
            "the layers (an extra operation, or an activation such as softmax or sigmoid on the output?)."
        )
    if all(r[2] is not None for r in mine):
        return "\n" + _shapes("Your shapes", mine) + "\n" + _shapes("Expected", ref)
    return ""


def _shapes(title: str, trace: list) -> str:
    steps = [f"{name} {fmt_shape(shape)}" for name, _, shape, _, _ in trace if shape is not None]
    if len(steps) > 12:
        steps = steps[:6] + ["..."] + steps[-5:]
    return f"  {title}: " + " -> ".join(steps)
