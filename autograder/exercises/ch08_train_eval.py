"""Assignment 08_train_eval: prediction in eval mode, leaving the model as it was."""

import torch

from autograder.checks.functions import single, with_likely_cause
from autograder.checks.tensors import difference
from autograder.exercises.spec import Check, Exercise, Mistake, Probe
from autograder.reference import train_eval as ref

CASES = [
    {
        "describe": "a model in training mode whose `norm` layer is in eval mode",
        "train": True,
        "eval_modules": ["norm"],
    },
    {"describe": "a model in eval mode", "train": False},
    {"describe": "a model in training mode", "train": True},
]


def _predict_in_train_mode(model, x):
    with torch.no_grad():
        return model(x)


def _predict_with_graph(model, x):
    flags = {m: m.training for m in model.modules()}
    model.eval()
    out = model(x)
    for m, flag in flags.items():
        m.training = flag
    return out


def _predict_top_level_flag(model, x):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        out = model(x)
    model.train(was_training)
    return out


def _predict_stays_eval(model, x):
    model.eval()
    with torch.no_grad():
        return model(x)


def _eval_output(ctx, student, expected):
    for case, s, e in zip(CASES, student["cases"], expected["cases"], strict=True):
        if "tensor" not in s:
            return f"predict returned a {s['type']}, not a tensor."
        problem = difference(s["tensor"], e["tensor"])
        if problem:
            return with_likely_cause(
                ctx,
                f"On {case['describe']}: {problem}",
                lambda a, b: all(
                    "tensor" in x and difference(x["tensor"], y["tensor"]) is None
                    for x, y in zip(a["cases"], b["cases"], strict=True)
                ),
            )
    return None


def _no_graph(ctx, student, expected):
    for case, s in zip(CASES, student["cases"], strict=True):
        if not s.get("grad_mode", True):
            return (
                f"On {case['describe']}, autograd was left switched off after predict (torch.set_grad_enabled(False) "
                f"or torch.no_grad() entered and never exited): later training would get no gradients. "
                f"Use a `with torch.no_grad():` block, which switches it back on."
            )
        if s.get("grad"):
            return (
                f"On {case['describe']}, the output carries an autograd graph (requires_grad=True). Run the model "
                f"inside `with torch.no_grad():` (or torch.inference_mode()) so no graph is built."
            )
    return None


def _restores_mode(ctx, student, expected):
    for case, s, e in zip(CASES, student["cases"], expected["cases"], strict=True):
        wrong = [name for name, flag in e["training"].items() if s["training"].get(name) != flag]
        if wrong:
            name = wrong[0]
            before = "training" if e["training"][name] else "eval"
            after = "eval" if before == "training" else "training"
            text = f"On {case['describe']}: after predict, `{name}` is in {after} mode; before, it was in {before} mode."
            return with_likely_cause(
                ctx,
                text,
                lambda a, b: [c["training"] for c in a["cases"]] == [c["training"] for c in b["cases"]],
            )
    return None


PREDICT = Exercise(
    id="predict",
    assignment="08_train_eval",
    title="Predicting in eval mode",
    names=("predict",),
    reference={"predict": ref.predict},
    probes=lambda: [Probe("predict", {"cases": CASES}, "running predict")],
    checks=(
        Check("eval_output", single(_eval_output), "the output is the model's output in eval mode"),
        Check("no_autograd_graph", single(_no_graph), "no autograd graph is built"),
        Check("restores_mode", single(_restores_mode), "every module's training flag is as it was before"),
    ),
    mistakes=tuple(
        Mistake(message, {"predict": fn})
        for message, fn in (
            (
                "the model ran in training mode: Dropout was active and BatchNorm used the batch's statistics. "
                "Call model.eval() before the forward pass.",
                _predict_in_train_mode,
            ),
            (
                "model.train(was_training) sets every submodule to the same mode, but `norm` was in eval mode on "
                "its own. Remember each module's flag (for m in model.modules()) and restore each one.",
                _predict_top_level_flag,
            ),
            (
                "the model is left in eval mode: put the training flags back after the forward pass.",
                _predict_stays_eval,
            ),
        )
    ),
)

EXERCISES = (PREDICT,)
