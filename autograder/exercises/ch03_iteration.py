"""Assignment 03_iteration: counting and freezing parameters."""

from autograder import fixtures
from autograder.checks.functions import single, with_likely_cause
from autograder.checks.hints import listing
from autograder.exercises.spec import Check, Exercise, Mistake, Probe
from autograder.reference import iteration as ref

COUNT_MODELS = ["TiedNet", "LayeredNet", "TinyNet"]


def _describe(name: str) -> str:
    """The fixture's docstring, lower-cased at the start, to read inside a sentence."""
    doc = fixtures.MODELS[name].__doc__.strip().rstrip(".")
    return doc[0].lower() + doc[1:]


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
                text = f"`{call}` on {name}, {_describe(name)}, should be {want}, found {found}."
                if isinstance(found, str):
                    text += " Return a Python int: int(...) of the sum, not a tensor or a NumPy number."
                return with_likely_cause(
                    ctx,
                    text,
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
        Check("counts_all", _counts(False), "right on models with tied weights, buffers and frozen layers"),
        Check(
            "trainable_only", _counts(True), "trainable_only=True counts only parameters with requires_grad"
        ),
    ),
    mistakes=tuple(
        Mistake(message, {"count_parameters": fn})
        for message, fn in (
            (
                "the count comes from state_dict(): it includes buffers (BatchNorm's running statistics) and lists a "
                "shared weight under both names. Use model.parameters(), which yields each parameter once.",
                _count_from_state_dict,
            ),
            (
                "summing each module's own parameters counts a weight shared by two modules twice. "
                "model.parameters() yields each parameter once.",
                _count_per_module,
            ),
            ("that is the number of parameter tensors; count scalars with p.numel().", _count_tensors),
            (
                "trainable_only is ignored: skip parameters whose requires_grad is False.",
                _count_ignoring_flag,
            ),
            ("trainable_only counts the frozen parameters instead of the trainable ones.", _count_frozen),
            (
                "only trainable parameters are counted even with trainable_only=False: count the frozen ones "
                "too unless trainable_only is True.",
                _count_always_trainable,
            ),
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
            return f"`{call}` changed the values of {listing(s['values_changed'])}: freezing only sets requires_grad."
        if s["requires_grad"] != e["requires_grad"]:
            should = [n for n, v in e["requires_grad"].items() if not v and s["requires_grad"].get(n)]
            wrongly = [n for n, v in e["requires_grad"].items() if v and not s["requires_grad"].get(n)]
            text = f"After `{call}` on {model}, {_describe(model)}:"
            if should:
                text += f"\n  should be frozen but are not: {listing(should)}"
            if wrongly:
                text += f"\n  should be trainable but are frozen: {listing(wrongly)}"
            return with_likely_cause(
                ctx,
                text,
                lambda a, b: (
                    [c["requires_grad"] for c in a["cases"]] == [c["requires_grad"] for c in b["cases"]]
                ),
            )
    return None


def _returns_names(ctx, student, expected):
    for (_, prefixes), s, e in zip(FREEZE_CASES, student["cases"], expected["cases"], strict=True):
        call = f"freeze(model, {prefixes})"
        if not isinstance(s["returned"], list):
            return f"`{call}` returned {s['returned']}; it should return the list of frozen parameter names."
        if sorted(s["returned"]) != sorted(e["returned"]):
            return (
                f"`{call}` returned {listing(s['returned'])}; the frozen names are {listing(e['returned'])}."
            )
    return None


FREEZE = Exercise(
    id="freeze",
    assignment="03_iteration",
    title="Freezing by name",
    names=("freeze",),
    reference={"freeze": ref.freeze},
    probes=lambda: [Probe("freeze", {"cases": FREEZE_CASES}, "running freeze")],
    checks=(
        Check(
            "freezes_matching",
            single(_frozen),
            "freezes exactly the parameters under each prefix, nothing else",
        ),
        Check("returns_names", single(_returns_names), "returns the names of the frozen parameters"),
    ),
    mistakes=tuple(
        Mistake(message, {"freeze": fn})
        for message, fn in (
            (
                "name.startswith(prefix) also matches `layer10.weight` for the prefix `layer1`. A name matches when "
                "it equals the prefix or starts with prefix + '.'.",
                _freeze_startswith,
            ),
            (
                "`prefix in name` matches anywhere in the name; match from the start, at a dot.",
                _freeze_substring,
            ),
            (
                "parameters outside the prefixes were set to requires_grad=True, unfreezing ones that were frozen "
                "before. Touch only the matching parameters.",
                _freeze_resets_others,
            ),
        )
    ),
)

EXERCISES = (COUNT_PARAMETERS, FREEZE)
