"""Assignment 05_state_dict: partial loading, prefix stripping, checkpoints."""

import io

import torch

from autograder.checks.functions import single, with_likely_cause
from autograder.checks.tensors import difference
from autograder.exercises.spec import Check, Exercise, Mistake, Probe
from autograder.findings import finding
from autograder.sandbox.drivers import ANSI

LOAD_CASES = [
    {
        "case": "load_matching.0",  # [cases] in the catalogues: what is loaded into what
        "target": "TinyNet",
        "target_args": [10],
        "source": "TinyNet",
        "source_args": [1000],
        "drop": ["features.1.running_var"],
        "extra": [["aux.weight", [4]]],
    },
    {
        "case": "load_matching.1",  # [cases] in the catalogues: what is loaded into what
        "target": "TinyNet",
        "target_args": [10],
        "source": "TinyNet",
        "source_args": [10],
        "prefix": "module.",
    },
    {
        "case": "load_matching.2",  # [cases] in the catalogues: what is loaded into what
        "target": "TinyNet",
        "target_args": [10],
        "source": "TinyNet",
        "source_args": [10],
    },
]


def _never_raises(ctx, student, expected):
    for case, s in zip(LOAD_CASES, student["cases"], strict=True):
        if s["error"]:
            result = [finding("load_error", {"case": case["case"]}, error=s["error"])]
            if "size mismatch" in s["error"]:
                result.append(finding("strict_false_still_checks_shapes"))
            return result
    return None


def _loads_matching(ctx, student, expected):
    for case, s, e in zip(LOAD_CASES, student["cases"], expected["cases"], strict=True):
        if s["error"]:
            return [finding("load_raised_see", {"case": case["case"]})]
        wrong = [k for k in e["state"] if k not in s["state"] or difference(s["state"][k], e["state"][k])]
        if wrong:
            loaded = set(e["returned"])
            missed = [k for k in wrong if k in loaded]
            changed = [k for k in wrong if k not in loaded]
            result = [finding("load_wrong", {"case": case["case"]})]
            if missed:
                result.append(finding("should_have_loaded", names=missed))
            if changed:
                result.append(finding("should_be_unchanged", names=changed))
            return result
    return None


def _returns_keys(ctx, student, expected):
    for case, s, e in zip(LOAD_CASES, student["cases"], expected["cases"], strict=True):
        if s["error"]:
            return [finding("load_raised_see", {"case": case["case"]})]
        if not isinstance(s["returned"], list):
            return [finding("load_returned_not_list", {"case": case["case"]}, found=s["returned"])]
        if sorted(s["returned"]) != sorted(e["returned"]):
            extra = sorted(set(s["returned"]) - set(e["returned"]))
            missing = sorted(set(e["returned"]) - set(s["returned"]))
            result = [finding("load_returned_wrong", {"case": case["case"]})]
            if missing:
                result.append(finding("loaded_not_returned", names=missing))
            if extra:
                result.append(finding("returned_not_loadable", names=extra))
            return result
    return None


def _leaves_input_alone(ctx, student, expected):
    for case, s in zip(LOAD_CASES, student["cases"], strict=True):
        if s["error"]:
            return [finding("load_raised_see", {"case": case["case"]})]
        if s["source_changed"]:
            return [finding("input_modified", {"case": case["case"]}, names=s["source_changed"])]
    return None


LOAD_MATCHING = Exercise(
    id="load_matching",
    assignment="05_state_dict",
    title="Partial loading",
    names=("load_matching",),
    reference={"load_matching": "state_dict:load_matching"},
    probes=lambda s: [
        Probe(
            "load_matching", {"cases": LOAD_CASES, "seed": s.offset("load_matching")}, "running load_matching"
        )
    ],
    checks=(
        Check("never_raises", single(_never_raises)),
        Check("loads_matching", single(_loads_matching)),
        Check("returns_keys", single(_returns_keys)),
        Check("leaves_input_alone", single(_leaves_input_alone)),
    ),
)


STRIP_CASES = [
    {"seed": 0},
    {"seed": 1, "plain_dict": True},
    {"seed": 2, "rename": "model.", "prefix": "model."},
]


def _call(case) -> str:
    prefix = f", {case['prefix']!r}" if "prefix" in case else ""
    return f"strip_prefix(state_dict{prefix})"


def _strips_start_only(ctx, student, expected):
    for case, s, e in zip(STRIP_CASES, student["cases"], expected["cases"], strict=True):
        subject = {"call": _call(case)}
        if "keys" not in s:
            return [finding("strip_not_dict", subject, found=s["type"])]
        if s["keys"] != e["keys"]:
            if len(s["keys"]) == len(e["keys"]) == len(s["input_keys"]):
                i, f, w = next(
                    (i, f, w) for i, (f, w) in enumerate(zip(s["keys"], e["keys"], strict=True)) if f != w
                )
                result = [
                    finding("key_renamed_wrong", {**subject, "key": s["input_keys"][i]}, expected=w, found=f)
                ]
            else:
                missing = [k for k in e["keys"] if k not in s["keys"]]
                unexpected = [k for k in s["keys"] if k not in e["keys"]]
                result = [
                    finding("key_count_differs", subject, found=len(s["keys"]), expected=len(e["keys"]))
                ]
                if missing:
                    result.append(finding("names_missing", names=missing))
                if unexpected:
                    result.append(finding("names_unexpected", names=unexpected))
            return with_likely_cause(
                ctx,
                result,
                lambda a, b: [c.get("keys") for c in a["cases"]] == [c.get("keys") for c in b["cases"]],
            )
    return None


def _returns_ordered_dict(ctx, student, expected):
    for case, s in zip(STRIP_CASES, student["cases"], strict=True):
        if s["type"] != "OrderedDict":
            return [finding("not_ordered_dict", {"call": _call(case)}, found=s["type"])]
    return None


def _keeps_values(ctx, student, expected):
    for case, s, e in zip(STRIP_CASES, student["cases"], expected["cases"], strict=True):
        if "keys" not in s:
            return [finding("strip_not_dict_see", {"call": _call(case)})]
        if len(s["values_kept"]) != len(e["values_kept"]) or not all(s["values_kept"]):
            return [finding("values_not_kept", {"call": _call(case)})]
    return None


STRIP_PREFIX = Exercise(
    id="strip_prefix",
    assignment="05_state_dict",
    title="Stripping a prefix",
    names=("strip_prefix",),
    reference={"strip_prefix": "state_dict:strip_prefix"},
    probes=lambda s: [
        Probe(
            "strip_prefix", {"cases": STRIP_CASES, "seed": s.offset("strip_prefix")}, "running strip_prefix"
        )
    ],
    checks=(
        Check("strips_start_only", single(_strips_start_only)),
        Check("returns_ordered_dict", single(_returns_ordered_dict)),
        Check("keeps_values_and_order", single(_keeps_values)),
    ),
    mistakes=tuple(
        Mistake(f"strip_prefix.{name}") for name in ("replace", "lstrip", "repeatedly", "cut_every_key")
    ),
)


def _file_loads(ctx, student, expected):
    try:
        torch.load(io.BytesIO(student["file"]), weights_only=True)
    except Exception as exc:  # noqa: BLE001 (any failure to load is the student's to fix)
        first = ANSI.sub("", str(exc)).strip().splitlines()[0][:300]
        return [finding("checkpoint_unreadable", error=f"{type(exc).__name__}: {first}")]
    return None


def _returns_epoch(ctx, student, expected):
    if student["epoch"] != expected["epoch"]:
        result = [finding("epoch_wrong", found=student["epoch"], expected=expected["epoch"])]
        if isinstance(student["epoch"], str) and "tensor" in student["epoch"]:
            result.append(finding("epoch_is_tensor"))
        return result
    return None


def _resumes(ctx, student, expected):
    want = expected["uninterrupted"]
    for key in want:
        if key not in student["resumed"] or difference(student["resumed"][key], want[key]):

            def same(a, b):
                return all(difference(a["resumed"][k], b["resumed"][k]) is None for k in b["resumed"])

            return with_likely_cause(ctx, finding("resume_differs", {"key": key}), same)
    return None


CHECKPOINT = Exercise(
    id="checkpoint",
    assignment="05_state_dict",
    title="Checkpoints",
    names=("save_checkpoint", "load_checkpoint"),
    reference={
        "save_checkpoint": "state_dict:save_checkpoint",
        "load_checkpoint": "state_dict:load_checkpoint",
    },
    probes=lambda s: [
        Probe("checkpoint", {"epoch": 7, "seed": s.offset("checkpoint")}, "saving and loading a checkpoint")
    ],
    checks=(
        Check("loads_with_weights_only", single(_file_loads)),
        Check("returns_epoch", single(_returns_epoch)),
        Check("resumes_exactly", single(_resumes)),
    ),
    mistakes=(Mistake("checkpoint.no_optimizer"), Mistake("checkpoint.model_not_loaded")),
)

EXERCISES = (LOAD_MATCHING, STRIP_PREFIX, CHECKPOINT)
