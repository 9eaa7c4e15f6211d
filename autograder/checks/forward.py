"""Forward outputs against the reference, computed with the grader's weights on the grader's inputs."""

from __future__ import annotations

from autograder.checks import devices
from autograder.checks.structure import across_configs, built, judged
from autograder.checks.tensors import difference, unsendable
from autograder.findings import Finding, finding


def output_problem(found: dict, expected: dict) -> Finding | None:
    """None when one forward call's observed output equals the expected one; otherwise `forward_error` when it
    raised, else what differs (see `output_difference`)."""
    if "error" in found:
        return finding("forward_error", error=found["error"])
    return output_difference(found, expected)


def output_difference(found: dict, expected: dict) -> Finding | None:
    """None when an observed output (see `jailed.observe.common.output_of`) equals the expected one; otherwise what
    differs. A dict is compared by its keys, then their order, then each value (the finding names the key); a
    tuple or a list by its type, its length, then each element (the finding names the index)."""
    if found.get("too_large"):
        return finding("output_too_large", shape=list(found["too_large"]))
    if "keys" in expected:
        if "keys" not in found:
            return finding("forward_not_dict", type=found.get("type"), keys=expected["keys"])
        return _dict_difference(found, expected)
    if "items" in expected:
        if "items" not in found or found.get("type") != expected.get("type"):
            return finding("forward_not_sequence", type=found.get("type"), expected=expected.get("type"))
        if len(found["items"]) != len(expected["items"]):
            return finding(
                "output_length_differs",
                type=expected.get("type"),
                found=len(found["items"]),
                expected=len(expected["items"]),
            )
        for index, (mine, want) in enumerate(zip(found["items"], expected["items"], strict=True)):
            problem = output_difference(mine, want)
            if problem:
                return finding("output_item_differs", {"index": index}, problem=problem)
        return None
    if "tensor" not in expected:  # neither side a tensor (a known mistake compared with a student)
        if found.get("type") == expected.get("type") and not {"tensor", "keys", "items"} & set(found):
            return None
        return finding("output_type_differs", found=found.get("type"), expected=expected.get("type"))
    if "tensor" not in found:
        return finding("forward_not_tensor", type=found.get("type"))
    said = unsendable(found["tensor"])
    if said:
        return finding("forward_unsendable", **said)
    return difference(found["tensor"], expected["tensor"])


def _dict_difference(found: dict, expected: dict) -> Finding | None:
    mine, want = found["keys"], expected["keys"]
    if set(mine) != set(want) or len(mine) != len(want):
        return finding(
            "output_keys_differ",
            expected=want,
            missing=[k for k in want if k not in mine],
            unexpected=[k for k in mine if k not in want],
        )
    if mine != want:
        return finding("output_keys_reordered", expected=want, found=mine)
    values = dict(zip(mine, found["values"], strict=True))
    for key, value in zip(want, expected["values"], strict=True):
        problem = output_difference(values[key], value)
        if problem:
            return finding("output_value_differs", {"key": key}, problem=problem)
    return None


def forward(mode: str):
    """A check of every forward call in `mode` ("eval" or "train") of every configuration."""

    def problems(ctx, index: int, student: dict, expected: dict) -> bool:
        """Whether this configuration's weights loaded and one of its outputs in `mode` is wrong."""
        load = student.get("load") or {}
        if load.get("error") or load.get("missing") or load.get("unexpected"):
            return False
        calls = [p for p in ctx.probes if p.driver == "module"][index].params["calls"]
        return any(
            output_problem(student["outputs"][j], expected["outputs"][j]) is not None
            for j, call in enumerate(calls)
            if call["mode"] == mode
        )

    def mistakes_of(ctx, index: int) -> list[Finding]:
        probe = [p for p in ctx.probes if p.driver == "module"][index]
        return ctx.matching_mistakes(_same_mode(probe.params["calls"], mode), [ctx.probes.index(probe)])

    def one_config(
        ctx, index: int, label: str, student: dict, expected: dict, others=()
    ) -> list[Finding] | None:
        """What is wrong in one configuration. A known mistake is named from this configuration's outputs, and
        also from those of `others` (the earlier configurations with wrong outputs): a mistake that explains
        one configuration but not another is no likely cause (no padding and diff // 2 on both sides agree
        when the sizes differ by one, not by three)."""
        load = student.get("load") or {}
        if load.get("error"):
            return [finding("weights_do_not_fit", {"config": label}, error=load["error"])] + _trace(
                student, expected
            )
        if load.get("missing") or load.get("unexpected"):
            params = {n for n, *_ in expected["structure"]["parameters"] + student["structure"]["parameters"]}
            wrong = set(load.get("missing", [])) | set(load.get("unexpected", []))
            see = "parameter_names" if wrong & params else "buffers"
            return [finding("weights_load_by_name", {"config": label}, see=see)]
        probe = [p for p in ctx.probes if p.driver == "module"][index]
        calls = probe.params["calls"]
        for j, call in enumerate(calls):
            if call["mode"] != mode:
                continue
            problem = output_problem(student["outputs"][j], expected["outputs"][j])
            if problem is None:
                continue
            subject = {"config": label, "mode": mode, "input": [list(x.shape) for x in call["inputs"]]}
            # An output dict's key or tuple's index, when the difference is in one of its values.
            subject.update({k: v for k, v in problem.subject.items() if k in ("key", "index")})
            result = [finding("forward_mismatch", subject, problem=problem)]
            on_device = devices.met(student["outputs"][j].get("error"))
            if on_device:
                return result + [on_device]
            if call.get("repeat"):
                result.append(finding("forward_keeps_state"))
            mistakes = ctx.matching_mistakes(_same_mode(calls, mode), [ctx.probes.index(probe)])
            mistakes = [m for m in mistakes if all(m in mistakes_of(ctx, other) for other in others)]
            result.extend(mistakes[:1] or _trace(student, expected, mode))
            return result
        return None

    @judged
    def judge(ctx) -> list[Finding] | None:
        # Every configuration is tried, and one that fails for another reason is told too: weights that do not
        # fit one configuration must not hide a wrong output in another (milesial's early UNet: fixed channel
        # counts and a softmax at the end).
        per_config, wrong_outputs = [], []
        for index, (label, student, expected) in enumerate(built(ctx)):
            found = one_config(ctx, index, label, student, expected, wrong_outputs)
            if found:
                per_config.append(found)
            if problems(ctx, index, student, expected):
                wrong_outputs.append(index)
        return across_configs(per_config, by_header=True)

    judge.__name__ = f"forward_{mode}"
    return judge


def passed(mode: str):
    """What a passing forward check says: how many inputs, which batch sizes."""

    def message(ctx) -> list[Finding]:
        calls = [
            c for p in ctx.probes if p.driver == "module" for c in p.params["calls"] if c["mode"] == mode
        ]
        sizes = sorted({int(c["inputs"][0].shape[0]) for c in calls})
        return [
            finding(
                "forward_matches",
                {"mode": mode},
                count=len(calls),
                batch_sizes=sizes,
            )
        ]

    return message


def _same_mode(calls: list, mode: str):
    """Whether a variant behaves like the student on every call in `mode`: equal outputs, or both raising."""
    indices = [j for j, call in enumerate(calls) if call["mode"] == mode]

    def alike(mine: dict, theirs: dict) -> bool:
        if "error" not in mine and "error" not in theirs:
            return output_difference(mine, theirs) is None
        # Both raised the same error (same type, message and cause; the lines it came from differ).
        return "error" in mine and "error" in theirs and _raised(mine["error"]) == _raised(theirs["error"])

    def same(student: dict, variant: dict) -> bool:
        mine, theirs = student.get("outputs"), variant.get("outputs")
        if not mine or not theirs:
            return False
        return all(alike(mine[j], theirs[j]) for j in indices)

    return same


def _raised(error: dict) -> dict:
    """What a student's error says (see `jailed.observe.common.error_dict`), without where it was raised."""
    return {k: v for k, v in error.items() if k != "frames"}


@judged
def gradients(ctx) -> list[Finding] | None:
    """Gradients must reach every parameter (no .data, .detach() or rebuilt tensors in forward)."""
    for label, student, expected in built(ctx):
        found, want = student.get("gradients"), expected.get("gradients")
        load = student.get("load") or {}
        subject = {"config": label}
        if load.get("missing") or load.get("unexpected"):
            return [finding("weights_load_by_name", subject, see="parameter_names")]
        if found is None or want is None:
            return [finding("weights_do_not_fit_see", subject)]
        if "error" in found:
            result = [finding("backward_error", subject, error=found["error"])]
            on_device = devices.met(found["error"])
            return result + [on_device] if on_device else result
        for name, grad in want["grads"].items():
            mine = found["grads"].get(name)
            if mine is None:
                return [finding("no_gradient", {**subject, "parameter": name})]
            problem = difference(mine, grad)
            if problem:
                return [finding("gradient_differs", {**subject, "parameter": name}, problem=problem)]
    return None


# At most this many steps of each side go into a `shape_trace` finding.
MAX_STEPS = 64
# Functions and layers that reshape without computing: the shape they give is not a layer's "after".
SHAPE_OPS = frozenset({"flatten", "unflatten", "view", "reshape", "squeeze", "unsqueeze"})


def _info(step: list) -> dict:
    """A trace step's info (see `jailed.observe.module._Trace`): {} for a plain layer, or a step of an older record."""
    return step[5] if len(step) > 5 and isinstance(step[5], dict) else {}


def _is_function(step: list) -> bool:
    return "op" in _info(step) or bool(_info(step).get("cut"))


def _pools(step: list) -> bool:
    return bool(_info(step).get("pool")) or "pool" in _info(step).get("op", "") or "Pool" in step[1]


def _reshapes(step: list) -> bool:
    return _info(step).get("op") in SHAPE_OPS or step[1] in ("Flatten", "Unflatten")


def _layer_names(side: dict) -> set:
    """The modules that own parameters: the layers a "after `conv2`" can name."""
    return {n.rpartition(".")[0] for n, *_ in side["structure"]["parameters"]}


def _steps(trace: list) -> list:
    return [[r[0], r[2]] for r in trace if r[2] is not None][:MAX_STEPS]


def _missing_pool(mine: list, ref: list, mine_layers: set, ref_layers: set) -> Finding | None:
    """The first pooling the reference does after a layer and the student does not: the same layer gives the
    same shape on both sides, and what follows it in the student's forward, up to the next layer (or a
    flatten before a crash), changes the shape without pooling."""
    for i, step in enumerate(ref):
        pool = _info(step).get("pool")
        if not pool or step[2] is None:
            continue
        a = next(
            (j for j in range(i - 1, -1, -1) if not _is_function(ref[j]) and ref[j][0] in ref_layers), None
        )
        if a is None or any(_pools(s) for s in ref[a + 1 : i]):
            continue
        name = ref[a][0]
        k = sum(1 for s in ref[:a] if s[0] == name and not _is_function(s))
        runs = [j for j, s in enumerate(mine) if s[0] == name and not _is_function(s)]
        if len(runs) <= k or mine[runs[k]][2] != ref[a][2]:
            continue
        b = runs[k]
        end = next(
            (j for j in range(b + 1, len(mine)) if not _is_function(mine[j]) and mine[j][0] in mine_layers),
            None,
        )
        after = mine[b + 1 : len(mine) if end is None else end]
        if any(_info(s).get("cut") for s in after):
            return None
        if any(_pools(s) for s in after) or not (end is not None or any(_reshapes(s) for s in after)):
            continue
        found = [s for s in [mine[b], *after] if not _reshapes(s) and s[2] is not None][-1][2]
        if found == step[2] or len(found) != len(step[2]):
            continue
        before = ref[i - 1][2]
        kernel = _info(step).get("kernel") or [
            max(1, before[-2] // max(1, step[2][-2])),
            max(1, before[-1] // max(1, step[2][-1])),
        ]
        return finding(
            "missing_pool", {"layer": name}, found=found, expected=step[2], kernel=kernel, pool=pool
        )
    return None


def _trace(student: dict, expected: dict, mode: str = "eval") -> list[Finding]:
    """Where the student's forward first parts from the reference's: a layer that never ran, a pooling left
    out, the first layer whose output differs, or, when every layer matches, forward's own code around them.

    Layers are matched by name; the functions in the trace (pooling, flattening, activations) show in the
    shape trace and tell a missing pooling, whatever way either side spells it."""
    steps_mine = [r for r in student.get("trace") or [] if r[4] == mode]
    steps_ref = [r for r in expected.get("trace") or [] if r[4] == mode]
    mine = [r for r in steps_mine if not _is_function(r)]
    ref = [r for r in steps_ref if not _is_function(r)]
    if not mine:
        return []
    shape_trace = finding("shape_trace", found=_steps(steps_mine), expected=_steps(steps_ref))
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
            return [finding("layer_never_ran", {"layer": name}, kind=kind)]
    pool = _missing_pool(steps_mine, steps_ref, _layer_names(student), _layer_names(expected))
    if pool:
        return [pool, shape_trace]
    ref_by_name: dict = {}
    for name, kind, shape, value, *_ in ref:
        ref_by_name.setdefault(name, []).append((kind, shape, value))
    seen: dict = {}
    last_ok = None
    for name, kind, shape, value, *_ in mine:
        k = seen.get(name, 0)
        seen[name] = k + 1
        if name not in ref_by_name or k >= len(ref_by_name[name]):
            if name in ref_runs and ran[name] > ref_runs[name]:
                return [
                    finding(
                        "layer_runs_too_often",
                        {"layer": name},
                        kind=kind,
                        runs=ran[name],
                        expected=ref_runs[name],
                    )
                ]
            continue
        _, ref_shape, ref_value = ref_by_name[name][k]
        if shape != ref_shape:
            result = [
                finding("first_shape_differs", {"layer": name}, kind=kind, expected=ref_shape, found=shape)
            ]
            if last_ok:
                result.append(finding("matches_up_to", {"layer": last_ok}))
            result.append(shape_trace)
            return result
        if not own_weights and value is not None and ref_value is not None and difference(value, ref_value):
            result = [finding("first_value_differs", {"layer": name}, kind=kind)]
            if last_ok:
                result.insert(0, finding("matches_up_to", {"layer": last_ok}))
            lacking = [(n, t) for n, t, *_ in ref if n.startswith(name + ".") and n not in defined]
            if lacking:
                result.append(
                    finding(
                        "reference_runs_more", {"layer": name}, lacking=lacking[-1][0], kind=lacking[-1][1]
                    )
                )
            return result
        last_ok = name
    if last_ok and not crashed:
        return [finding("layers_match_forward_differs")]
    if all(r[2] is not None for r in mine):
        return [shape_trace]
    return []
