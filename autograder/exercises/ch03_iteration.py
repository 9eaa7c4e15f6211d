"""Assignment 03_iteration: counting and freezing parameters."""

from autograder.checks.functions import single, with_likely_cause
from autograder.exercises.spec import Check, Exercise, Mistake, Probe
from autograder.findings import finding
from autograder.reference import iteration as ref

COUNT_MODELS = ["TiedNet", "LayeredNet", "TinyNet"]


def _count_from_state_dict(model, trainable_only=False):
    return sum(v.numel() for v in model.state_dict().values())


def _count_per_module(model, trainable_only=False):
    return sum(
        p.numel()
        for m in model.modules()
        for p in m.parameters(recurse=False)
        if p.requires_grad or not trainable_only
    )


def _count_tensors(model, trainable_only=False):
    return len([p for p in model.parameters() if p.requires_grad or not trainable_only])


def _count_ignoring_flag(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters())


def _count_always_trainable(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def _count_frozen(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters() if not p.requires_grad or not trainable_only)


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
    reference={"count_parameters": ref.count_parameters},
    probes=lambda: [Probe("count_parameters", {"models": COUNT_MODELS}, "running count_parameters")],
    checks=(
        Check("counts_all", _counts(False)),
        Check("trainable_only", _counts(True)),
    ),
    mistakes=tuple(
        Mistake(f"count_parameters.{name}", {"count_parameters": fn})
        for name, fn in (
            ("from_state_dict", _count_from_state_dict),
            ("per_module", _count_per_module),
            ("tensors", _count_tensors),
            ("ignores_flag", _count_ignoring_flag),
            ("counts_frozen", _count_frozen),
            ("always_trainable", _count_always_trainable),
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
]


def _freeze_startswith(model, prefixes):
    frozen = [n for n, p in model.named_parameters() if any(n.startswith(x) for x in prefixes)]
    for n, p in model.named_parameters():
        if n in frozen:
            p.requires_grad = False
    return frozen


def _freeze_substring(model, prefixes):
    frozen = [n for n, p in model.named_parameters() if any(x in n for x in prefixes)]
    for n, p in model.named_parameters():
        if n in frozen:
            p.requires_grad = False
    return frozen


def _freeze_resets_others(model, prefixes):
    frozen = []
    for n, p in model.named_parameters():
        p.requires_grad = not any(n == x or n.startswith(x + ".") for x in prefixes)
        if not p.requires_grad:
            frozen.append(n)
    return frozen


def _frozen(ctx, student, expected):
    for (model, prefixes), s, e in zip(FREEZE_CASES, student["cases"], expected["cases"], strict=True):
        call = f"freeze(model, {prefixes})"
        if s["values_changed"]:
            return [finding("freeze_changed_values", {"call": call}, names=s["values_changed"])]
        if s["requires_grad"] != e["requires_grad"]:
            should = [n for n, v in e["requires_grad"].items() if not v and s["requires_grad"].get(n)]
            wrongly = [n for n, v in e["requires_grad"].items() if v and not s["requires_grad"].get(n)]
            result = [finding("freeze_wrong", {"call": call, "model": model})]
            if should:
                result.append(finding("should_be_frozen", names=should))
            if wrongly:
                result.append(finding("should_be_trainable", names=wrongly))
            return with_likely_cause(
                ctx,
                result,
                lambda a, b: (
                    [c["requires_grad"] for c in a["cases"]] == [c["requires_grad"] for c in b["cases"]]
                ),
            )
    return None


def _returns_names(ctx, student, expected):
    for (_, prefixes), s, e in zip(FREEZE_CASES, student["cases"], expected["cases"], strict=True):
        call = f"freeze(model, {prefixes})"
        if not isinstance(s["returned"], list):
            return [finding("freeze_returned_not_list", {"call": call}, found=s["returned"])]
        if sorted(s["returned"]) != sorted(e["returned"]):
            return [
                finding("freeze_returned_wrong", {"call": call}, found=s["returned"], expected=e["returned"])
            ]
    return None


FREEZE = Exercise(
    id="freeze",
    assignment="03_iteration",
    title="Freezing by name",
    names=("freeze",),
    reference={"freeze": ref.freeze},
    probes=lambda: [Probe("freeze", {"cases": FREEZE_CASES}, "running freeze")],
    checks=(
        Check("freezes_matching", single(_frozen)),
        Check("returns_names", single(_returns_names)),
    ),
    mistakes=tuple(
        Mistake(f"freeze.{name}", {"freeze": fn})
        for name, fn in (
            ("startswith", _freeze_startswith),
            ("substring", _freeze_substring),
            ("resets_others", _freeze_resets_others),
        )
    ),
)

EXERCISES = (COUNT_PARAMETERS, FREEZE)
