"""Assignment 03_iteration: counting and freezing parameters."""

from autograder.checks.functions import single, with_likely_cause
from autograder.exercises.spec import Check, Exercise, Mistake, Probe
from autograder.findings import Finding, finding

COUNT_MODELS = ["TiedNet", "LayeredNet", "TinyNet"]


def _counts(flag: bool):
    def judge(ctx, student, expected):
        for (name, f, found), (_, _, want) in zip(student["counts"], expected["counts"], strict=True):
            if f == flag and found != want:
                call = f"count_parameters(model{', trainable_only=True' if flag else ''})"
                result = [finding("count_wrong", {"call": call, "model": name}, expected=want, found=found)]
                if isinstance(found, str):
                    result.append(finding("count_not_int"))
                return with_likely_cause(
                    ctx,
                    result,
                    lambda s, v: (
                        [c for c in s["counts"] if c[1] == flag] == [c for c in v["counts"] if c[1] == flag]
                    ),
                )
        return None

    judge.__name__ = f"counts_{flag}"
    return single(judge)


COUNT_PARAMETERS = Exercise(
    id="count_parameters",
    assignment="03_iteration",
    title="Counting parameters",
    names=("count_parameters",),
    reference={"count_parameters": "iteration:count_parameters"},
    probes=lambda s: [
        Probe(
            "count_parameters",
            {"models": COUNT_MODELS, "seed": s.offset("count_parameters")},
            "running count_parameters",
        )
    ],
    checks=(
        Check("counts_all", _counts(False)),
        Check("trainable_only", _counts(True)),
    ),
    mistakes=tuple(
        Mistake(f"count_parameters.{name}")
        for name in (
            "from_state_dict",
            "per_module",
            "tensors",
            "ignores_flag",
            "counts_frozen",
            "always_trainable",
        )
    ),
)


FREEZE_CASES = [
    ["LayeredNet", ["layer1"]],
    ["LayeredNet", ["layer2.0", "head.bias"]],
    ["LayeredNet", ["layer2"]],
    ["LayeredNet", []],
    ["TinyNet", ["features"]],
    ["LayeredNet", ["head"]],
    # `layer10.bias` is frozen before the call: it stays frozen, and it is under the prefix, so it is returned.
    ["LayeredNet", ["layer10"]],
    # A prefix that matches nothing is allowed: it freezes nothing and raises no error.
    ["TinyNet", ["classifier", "fc.bias"]],
]
MAX_CASES = 3  # failing cases a check describes one by one; the rest are counted


def _under(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


# How a wrong freeze can pick its parameters: each explains a case when the student's frozen set is exactly
# what was frozen before plus what the rule picks. Ordered from the most to the least specific.
_WRONG_RULES = (
    ("freeze.startswith", lambda n, prefixes: any(n.startswith(p) for p in prefixes)),
    ("freeze.substring", lambda n, prefixes: any(p in n for p in prefixes)),
    ("freeze.first_part_only", lambda n, prefixes: n.split(".")[0] in prefixes),
)


def _freeze_causes(prefixes, s: dict, module_flags: bool) -> list[str]:
    """The known mistakes (ids of the catalogues' `[mistakes]`) that explain this case's wrong flags.

    `module_flags`: some case left a `requires_grad` attribute on a module (a prefix that names a module).
    """
    names = list(s["requires_grad"])
    before = set(s["frozen_before"])
    under = {n for n in names if _under(n, prefixes)}
    frozen = {n for n in names if not s["requires_grad"][n]}
    causes = []
    if module_flags and not (under - before) & frozen:
        causes.append("freeze.module_attribute")
    if frozen == set(names):
        causes.append("freeze.froze_all")
    elif under - before and frozen - before == set(names) - under - before:
        causes.append("freeze.complement")
    causes += [m for m, rule in _WRONG_RULES if frozen == before | {n for n in names if rule(n, prefixes)}]
    if under - before and frozen == before:
        causes.append("freeze.nothing_frozen")
    if frozen == under and before - under:
        causes.append("freeze.resets_others")
    return causes


def _with_causes(failures: list[tuple[list[Finding], list[str]]]) -> list[Finding]:
    """The first MAX_CASES failing cases, then how many more; a cause that explains every failing case is said
    once, at the end, otherwise each case gets its own likely cause where one is known."""
    common = [c for c in failures[0][1] if all(c in causes for _, causes in failures)]
    result = []
    for found, causes in failures[:MAX_CASES]:
        result += found
        if not common and causes:
            result.append(finding("known_mistake", {"mistake": causes[0]}))
    if len(failures) > MAX_CASES:
        result.append(finding("freeze_more_cases", count=len(failures) - MAX_CASES))
    if common:
        result.append(finding("known_mistake", {"mistake": common[0]}))
    return result


def _frozen(ctx, student, expected):
    failures = []
    module_flags = any(s.get("module_flags") for s in student["cases"])
    for (model, prefixes), s, e in zip(FREEZE_CASES, student["cases"], expected["cases"], strict=True):
        call = f"freeze(model, {prefixes})"
        if "error" in s:
            failures.append(([finding("call_error", {"call": call, "model": model}, error=s["error"])], []))
            continue
        found = []
        if s["values_changed"]:
            found.append(
                finding("freeze_changed_values", {"call": call, "model": model}, names=s["values_changed"])
            )
        if s["buffers_changed"]:
            found.append(
                finding("freeze_changed_buffers", {"call": call, "model": model}, names=s["buffers_changed"])
            )
        causes = []
        if s["requires_grad"] != e["requires_grad"]:
            should = [n for n, v in e["requires_grad"].items() if not v and s["requires_grad"].get(n)]
            wrongly = [n for n, v in e["requires_grad"].items() if v and not s["requires_grad"].get(n)]
            found.append(finding("freeze_wrong", {"call": call, "model": model}))
            if should:
                found.append(finding("should_be_frozen", names=should))
            if wrongly:
                found.append(finding("should_be_trainable", names=wrongly))
            causes = _freeze_causes(prefixes, s, module_flags)
        if found:
            failures.append((found, causes))
    if not failures:
        return None
    result = _with_causes(failures)
    if any(f.code == "known_mistake" for f in result):
        return result
    return with_likely_cause(
        ctx,
        result,
        lambda a, b: (
            [c.get("requires_grad") for c in a["cases"]] == [c.get("requires_grad") for c in b["cases"]]
        ),
    )


def _returned_causes(prefixes, s: dict, e: dict) -> list[str]:
    returned, wanted = s["returned"], e["returned"]
    before = set(s["frozen_before"])
    if sorted(returned) == sorted(prefixes):
        return ["freeze.returned_prefixes"]
    if set(returned) == set(wanted):
        return ["freeze.returned_duplicates"]
    if set(returned) == set(wanted) - before:
        return ["freeze.returned_only_newly"]
    return []


def _returns_names(ctx, student, expected):
    failures = []
    for (model, prefixes), s, e in zip(FREEZE_CASES, student["cases"], expected["cases"], strict=True):
        call = f"freeze(model, {prefixes})"
        if "error" in s:
            failures.append(([finding("call_error", {"call": call, "model": model}, error=s["error"])], []))
        elif not isinstance(s["returned"], list):
            failures.append(([finding("freeze_returned_not_list", {"call": call}, found=s["returned"])], []))
        elif sorted(s["returned"]) != sorted(e["returned"]):
            found = [
                finding("freeze_returned_wrong", {"call": call}, found=s["returned"], expected=e["returned"])
            ]
            missing = [n for n in e["returned"] if n not in s["returned"]]
            unexpected = sorted(set(s["returned"]) - set(e["returned"]))
            if missing:
                found.append(finding("names_missing", names=missing))
            if unexpected:
                found.append(finding("names_unexpected", names=unexpected))
            failures.append((found, _returned_causes(prefixes, s, e)))
    return _with_causes(failures) if failures else None


FREEZE = Exercise(
    id="freeze",
    assignment="03_iteration",
    title="Freezing by name",
    names=("freeze",),
    reference={"freeze": "iteration:freeze"},
    probes=lambda s: [Probe("freeze", {"cases": FREEZE_CASES, "seed": s.offset("freeze")}, "running freeze")],
    checks=(
        Check("freezes_matching", single(_frozen)),
        Check("returns_names", single(_returns_names)),
    ),
    mistakes=tuple(Mistake(f"freeze.{name}") for name in ("startswith", "substring", "resets_others")),
)

EXERCISES = (COUNT_PARAMETERS, FREEZE)
