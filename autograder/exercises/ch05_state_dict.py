"""Assignment 05_state_dict: partial loading, prefix stripping, checkpoints."""

import io
from collections import OrderedDict

import torch

from autograder.checks.functions import single, with_likely_cause
from autograder.checks.hints import listing
from autograder.checks.tensors import difference
from autograder.exercises.spec import Check, Exercise, Mistake, Probe
from autograder.reference import state_dict as ref
from autograder.sandbox.drivers import ANSI

LOAD_CASES = [
    {
        "describe": "a TinyNet(10) from a TinyNet(1000) state_dict with an extra key and a missing one",
        "target": "TinyNet",
        "target_args": [10],
        "source": "TinyNet",
        "source_args": [1000],
        "drop": ["features.1.running_var"],
        "extra": [["aux.weight", [4]]],
    },
    {
        "describe": "a TinyNet(10) from a state_dict whose keys all start with 'module.'",
        "target": "TinyNet",
        "target_args": [10],
        "source": "TinyNet",
        "source_args": [10],
        "prefix": "module.",
    },
    {
        "describe": "a TinyNet(10) from a TinyNet(10) state_dict",
        "target": "TinyNet",
        "target_args": [10],
        "source": "TinyNet",
        "source_args": [10],
    },
]


def _never_raises(ctx, student, expected):
    for case, s in zip(LOAD_CASES, student["cases"], strict=True):
        if s["error"]:
            text = f"Loading {case['describe']} raised an error:\n{s['error']}"
            if "size mismatch" in s["error"]:
                text += (
                    "\nload_state_dict(strict=False) skips missing and unexpected keys but still raises on a shape "
                    "mismatch: keep only the entries whose shape equals model.state_dict()[key].shape."
                )
            return text
    return None


def _loads_matching(ctx, student, expected):
    for case, s, e in zip(LOAD_CASES, student["cases"], expected["cases"], strict=True):
        if s["error"]:
            return f"not checked: loading {case['describe']} raised an error (see `never_raises`)."
        wrong = [k for k in e["state"] if k not in s["state"] or difference(s["state"][k], e["state"][k])]
        if wrong:
            loaded = set(e["returned"])
            missed = [k for k in wrong if k in loaded]
            changed = [k for k in wrong if k not in loaded]
            text = f"After loading {case['describe']}:"
            if missed:
                text += f"\n  should have been loaded (same key, same shape) but were not: {listing(missed)}"
            if changed:
                text += f"\n  should have been left as they were, but changed: {listing(changed)}"
            return text
    return None


def _returns_keys(ctx, student, expected):
    for case, s, e in zip(LOAD_CASES, student["cases"], expected["cases"], strict=True):
        if s["error"]:
            return f"not checked: loading {case['describe']} raised an error (see `never_raises`)."
        if not isinstance(s["returned"], list):
            return f"Loading {case['describe']} returned {s['returned']}; it should return the list of loaded keys."
        if sorted(s["returned"]) != sorted(e["returned"]):
            extra = sorted(set(s["returned"]) - set(e["returned"]))
            missing = sorted(set(e["returned"]) - set(s["returned"]))
            text = f"Loading {case['describe']}: the returned keys are not the loaded ones."
            if missing:
                text += f"\n  loaded but not returned: {listing(missing)}"
            if extra:
                text += f"\n  returned but not loadable: {listing(extra)}"
            return text
    return None


def _leaves_input_alone(ctx, student, expected):
    for case, s in zip(LOAD_CASES, student["cases"], strict=True):
        if s["error"]:
            return f"not checked: loading {case['describe']} raised an error (see `never_raises`)."
        if s["source_changed"]:
            return (
                f"Loading {case['describe']} modified the caller's state_dict ({listing(s['source_changed'])}). "
                f"Build a new, filtered dict (e.g. a dict comprehension) instead of deleting from the one passed in."
            )
    return None


LOAD_MATCHING = Exercise(
    id="load_matching",
    assignment="05_state_dict",
    title="Partial loading",
    names=("load_matching",),
    reference={"load_matching": ref.load_matching},
    probes=lambda: [Probe("load_matching", {"cases": LOAD_CASES}, "running load_matching")],
    checks=(
        Check("never_raises", single(_never_raises), "no error on extra, missing or mis-shaped keys"),
        Check(
            "loads_matching", single(_loads_matching), "loads exactly the entries with the same key and shape"
        ),
        Check("returns_keys", single(_returns_keys), "returns the loaded keys"),
        Check("leaves_input_alone", single(_leaves_input_alone), "leaves the caller's state_dict as it was"),
    ),
)


STRIP_CASES = [
    {"seed": 0},
    {"seed": 1, "plain_dict": True},
    {"seed": 2, "rename": "model.", "prefix": "model."},
]


def _strip_replace(state_dict, prefix="module."):
    return OrderedDict((k.replace(prefix, ""), v) for k, v in state_dict.items())


def _strip_lstrip(state_dict, prefix="module."):
    return OrderedDict((k.lstrip(prefix), v) for k, v in state_dict.items())


def _strip_repeatedly(state_dict, prefix="module."):
    out = OrderedDict()
    for k, v in state_dict.items():
        while k.startswith(prefix):
            k = k[len(prefix) :]
        out[k] = v
    return out


def _strip_everything(state_dict, prefix="module."):
    return OrderedDict((k[len(prefix) :], v) for k, v in state_dict.items())


def _call(case) -> str:
    prefix = f", {case['prefix']!r}" if "prefix" in case else ""
    return f"strip_prefix(state_dict{prefix})"


def _strips_start_only(ctx, student, expected):
    for case, s, e in zip(STRIP_CASES, student["cases"], expected["cases"], strict=True):
        if "keys" not in s:
            return f"`{_call(case)}` returned a {s['type']}; it should return an OrderedDict."
        if s["keys"] != e["keys"]:
            if len(s["keys"]) == len(e["keys"]) == len(s["input_keys"]):
                i, f, w = next(
                    (i, f, w) for i, (f, w) in enumerate(zip(s["keys"], e["keys"], strict=True)) if f != w
                )
                text = f"`{_call(case)}`: the key `{s['input_keys'][i]}` should become `{w}`, found `{f}`."
            else:
                missing = [k for k in e["keys"] if k not in s["keys"]]
                unexpected = [k for k in s["keys"] if k not in e["keys"]]
                text = f"`{_call(case)}` returned {len(s['keys'])} keys; expected {len(e['keys'])}."
                if missing:
                    text += f"\n  missing: {listing(missing)}"
                if unexpected:
                    text += f"\n  unexpected: {listing(unexpected)}"
            return with_likely_cause(
                ctx,
                text,
                lambda a, b: [c.get("keys") for c in a["cases"]] == [c.get("keys") for c in b["cases"]],
            )
    return None


def _returns_ordered_dict(ctx, student, expected):
    for case, s in zip(STRIP_CASES, student["cases"], strict=True):
        if s["type"] != "OrderedDict":
            return f"`{_call(case)}` returned a {s['type']}; the contract asks for a collections.OrderedDict."
    return None


def _keeps_values(ctx, student, expected):
    for case, s, e in zip(STRIP_CASES, student["cases"], expected["cases"], strict=True):
        if "keys" not in s:
            return f"not checked: `{_call(case)}` did not return a dict."
        if len(s["values_kept"]) != len(e["values_kept"]) or not all(s["values_kept"]):
            return (
                f"`{_call(case)}`: the values, in order, should be those of the input. Build the result in one pass "
                f"over state_dict.items(), keeping each value as it is."
            )
    return None


STRIP_PREFIX = Exercise(
    id="strip_prefix",
    assignment="05_state_dict",
    title="Stripping a prefix",
    names=("strip_prefix",),
    reference={"strip_prefix": ref.strip_prefix},
    probes=lambda: [Probe("strip_prefix", {"cases": STRIP_CASES}, "running strip_prefix")],
    checks=(
        Check(
            "strips_start_only", single(_strips_start_only), "removes the prefix from the start of keys only"
        ),
        Check("returns_ordered_dict", single(_returns_ordered_dict), "returns an OrderedDict"),
        Check("keeps_values_and_order", single(_keeps_values), "keeps every value, in order"),
    ),
    mistakes=tuple(
        Mistake(message, {"strip_prefix": fn})
        for message, fn in (
            (
                "str.replace removes the prefix wherever it appears (`head.module.bias` became `head.bias`). "
                "Strip it only from the start: key[len(prefix):] if key.startswith(prefix).",
                _strip_replace,
            ),
            (
                "str.lstrip(prefix) removes any of the prefix's characters from the left, not the prefix itself "
                "(`module.embedding.weight` became `bedding.weight`). Use key[len(prefix):] if key.startswith(prefix).",
                _strip_lstrip,
            ),
            (
                "the prefix was stripped more than once (`module.module.extra` should become `module.extra`).",
                _strip_repeatedly,
            ),
            (
                "the first len(prefix) characters were cut from every key, even keys without the prefix.",
                _strip_everything,
            ),
        )
    ),
)


def _save_without_optimizer(path, model, optimizer, epoch):
    torch.save({"epoch": epoch, "model": model.state_dict()}, path)


def _load_without_optimizer(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    model.load_state_dict(checkpoint["model"])
    return checkpoint["epoch"]


def _load_without_model(path, model, optimizer):
    checkpoint = torch.load(path, weights_only=True)
    optimizer.load_state_dict(checkpoint["optimizer"])
    return checkpoint["epoch"]


def _file_loads(ctx, student, expected):
    try:
        torch.load(io.BytesIO(student["file"]), weights_only=True)
    except Exception as exc:  # noqa: BLE001 (any failure to load is the student's to fix)
        first = ANSI.sub("", str(exc)).strip().splitlines()[0][:300]
        text = (
            f"torch.load(path, weights_only=True) cannot read the checkpoint:\n{type(exc).__name__}: {first}"
        )
        return text + (
            "\nSave only tensors and plain values: model.state_dict() and optimizer.state_dict() (with the "
            "parentheses), and the epoch as an int. Saving the model object, or model.state_dict without the "
            "call, pickles Python objects that weights_only=True refuses to load."
        )
    return None


def _returns_epoch(ctx, student, expected):
    if student["epoch"] != expected["epoch"]:
        text = f"load_checkpoint returned {student['epoch']}; the checkpoint was saved at epoch {expected['epoch']}."
        if isinstance(student["epoch"], str) and "tensor" in student["epoch"]:
            text += " Return the epoch as a Python int (save it as an int, or use .item())."
        return text
    return None


def _resumes(ctx, student, expected):
    want = expected["uninterrupted"]
    for key in want:
        if key not in student["resumed"] or difference(student["resumed"][key], want[key]):
            text = (
                f"Training resumed from the checkpoint does not continue like uninterrupted training: "
                f"`{key}` differs after 3 more steps."
            )

            def same(a, b):
                return all(difference(a["resumed"][k], b["resumed"][k]) is None for k in b["resumed"])

            return with_likely_cause(ctx, text, same)
    return None


CHECKPOINT = Exercise(
    id="checkpoint",
    assignment="05_state_dict",
    title="Checkpoints",
    names=("save_checkpoint", "load_checkpoint"),
    reference={"save_checkpoint": ref.save_checkpoint, "load_checkpoint": ref.load_checkpoint},
    probes=lambda: [Probe("checkpoint", {"epoch": 7}, "saving and loading a checkpoint")],
    checks=(
        Check(
            "loads_with_weights_only",
            single(_file_loads),
            "the file loads with torch.load(weights_only=True)",
        ),
        Check("returns_epoch", single(_returns_epoch), "load_checkpoint returns the saved epoch"),
        Check(
            "resumes_exactly",
            single(_resumes),
            "resumed training continues exactly like uninterrupted training",
        ),
    ),
    mistakes=(
        Mistake(
            "the optimizer's state is not restored. Adam keeps running averages and a step count per parameter: "
            "save optimizer.state_dict() and restore it with optimizer.load_state_dict().",
            {"save_checkpoint": _save_without_optimizer, "load_checkpoint": _load_without_optimizer},
        ),
        Mistake(
            "the model's weights are not restored: call model.load_state_dict(...) with the saved weights.",
            {"save_checkpoint": ref.save_checkpoint, "load_checkpoint": _load_without_model},
        ),
    ),
)

EXERCISES = (LOAD_MATCHING, STRIP_PREFIX, CHECKPOINT)
