"""Assignment 08_train_eval: prediction in eval mode, leaving the model as it was; a model with three bugs to
fix; the capstone, a causal transformer block trained, checkpointed and resumed bit for bit."""

import io

import torch

from autograder.checks import structure
from autograder.checks.forward import output_problem
from autograder.checks.functions import single, with_likely_cause
from autograder.checks.tensors import difference
from autograder.exercises.function_exercise import function_exercise
from autograder.exercises.module_exercise import Config, module_exercise
from autograder.exercises.spec import Chapter, Check, stage
from autograder.findings import finding
from autograder.jailed.observe.common import ANSI, error_dict

CHAPTER = Chapter.of(__name__)

CASES = [
    {
        "case": "predict.0",  # [cases] in the catalogues: the model predict is given
        "train": True,
        "eval_modules": ["norm"],
    },
    {"case": "predict.1", "train": False},
    {"case": "predict.2", "train": True},
]
# The forward raises (an input of the wrong width): predict must still put every flag back (try/finally).
RAISING = {"train": True, "eval_modules": ["norm"]}


def _eval_output(ctx, student, expected):
    for case, s, e in zip(CASES, student["cases"], expected["cases"], strict=True):
        if "tensor" not in s:
            return [finding("predict_not_tensor", found=s["type"])]
        problem = difference(s["tensor"], e["tensor"])
        if problem:
            return with_likely_cause(
                ctx,
                finding("predict_output_differs", {"case": case["case"]}, problem=problem),
                lambda a, b: all(
                    "tensor" in x and difference(x["tensor"], y["tensor"]) is None
                    for x, y in zip(a["cases"], b["cases"], strict=True)
                ),
            )
    return None


def _no_graph(ctx, student, expected):
    for case, s in zip(CASES, student["cases"], strict=True):
        if not s.get("grad_mode", True):
            return [finding("grad_mode_left_off", {"case": case["case"]})]
        if s.get("grad"):
            return [finding("output_has_graph", {"case": case["case"]})]
    return None


def _restores_mode(ctx, student, expected):
    for case, s, e in zip(CASES, student["cases"], expected["cases"], strict=True):
        wrong = [name for name, flag in e["training"].items() if s["training"].get(name) != flag]
        if wrong:
            name = wrong[0]
            subject = {"case": case["case"], "module": name}
            found = (
                finding("left_in_eval_mode", subject)
                if e["training"][name]
                else finding("left_in_training_mode", subject)
            )
            return with_likely_cause(
                ctx,
                found,
                lambda a, b: [c["training"] for c in a["cases"]] == [c["training"] for c in b["cases"]],
            )
    expected_flags, found_flags = expected["raising"]["training"], student["raising"]["training"]
    wrong = [name for name, flag in expected_flags.items() if found_flags.get(name) != flag]
    if wrong:
        return [finding("modes_not_restored_on_error", {"module": wrong[0]})]
    return None


PREDICT = function_exercise(
    chapter=CHAPTER,
    id="predict",
    title="Predicting in eval mode",
    names=("predict",),
    driver="predict",
    params={"cases": CASES, "raising": RAISING},
    checks=(
        Check("eval_output", single(_eval_output)),
        Check("no_autograd_graph", single(_no_graph)),
        Check("restores_mode", single(_restores_mode)),
    ),
    mistakes=("train_mode", "top_level_flag", "stays_eval"),
)


# DebugNet(num_classes), loaded by load_trained from a DataParallel checkpoint, run on a batch of `batch` images.
DEBUG_CASES = [{"num_classes": 10, "batch": 4}, {"num_classes": 5, "batch": 1}]


def _debug_cases(student, expected):
    return [
        (f"DebugNet({case['num_classes']})", case, s, e)
        for case, s, e in zip(DEBUG_CASES, student["cases"], expected["cases"], strict=True)
    ]


def _debug_registers(ctx, student, expected):
    for label, _, s, e in _debug_cases(student, expected):
        found = structure.shapes_by_name(s["structure"]["parameters"])
        want = structure.shapes_by_name(e["structure"]["parameters"])
        if found != want:
            return structure.names_differ(label, "parameters", want, found, s["structure"]["hidden"])
    return None


def _debug_loads(ctx, student, expected):
    for label, _, s, _ in _debug_cases(student, expected):
        if s["load_error"]:
            return [finding("debug_load_error", {"config": label}, error=s["load_error"])]
        if s["not_loaded"]:
            found = finding("checkpoint_not_loaded", {"config": label}, names=s["not_loaded"])
            return with_likely_cause(
                ctx,
                found,
                lambda a, b: [c["not_loaded"] for c in a["cases"]] == [c["not_loaded"] for c in b["cases"]],
            )
    return None


def _debug_hooks(ctx, student, expected):
    for label, _, s, e in _debug_cases(student, expected):
        if set(s["hooks"]) != set(e["hooks"]):
            return [finding("not_checked_see", see="registers_layers")]
        overwritten = [name for name, changed in s["hooks"].items() if changed]
        if overwritten:
            found = finding("hook_output_overwritten", {"config": label, "layer": overwritten[0]})
            return with_likely_cause(
                ctx, found, lambda a, b: [c["hooks"] for c in a["cases"]] == [c["hooks"] for c in b["cases"]]
            )
    return None


def _debug_forward(ctx, student, expected):
    for label, case, s, e in _debug_cases(student, expected):
        if s["load_error"] or s["not_loaded"]:
            return [finding("not_checked_see", see="loads_checkpoint")]
        problem = output_problem(s["output"], e["output"])
        if problem is not None:
            subject = {"config": label, "mode": "eval", "input": [[case["batch"], 3, 32, 32]]}
            return [finding("forward_mismatch", subject, problem=problem)]
    return None


DEBUG_NET = function_exercise(
    chapter=CHAPTER,
    id="debug_net",
    title="Debugging a model",
    names=("DebugNet", "load_trained"),
    driver="debug_net",
    params={"cases": DEBUG_CASES},
    checks=(
        Check("registers_layers", single(_debug_registers)),
        Check("loads_checkpoint", single(_debug_loads)),
        Check("hooks_see_outputs", single(_debug_hooks)),
        Check("forward", single(_debug_forward)),
    ),
    mistakes=("inplace_relu", "strict_false"),  # a plain list: the name hints say so
)


@structure.judged
def _mask_not_saved(ctx):
    """The state_dict keys are the parameters' alone: a buffer in them (the mask registered persistent) is
    named as such; any other difference is `state_dict_keys`' usual finding."""
    for label, student, expected in structure.built(ctx):
        buffers = {name for name, _ in student["structure"]["buffers"]}
        want = {key for key, _ in expected["structure"]["state_dict"]}
        saved = [key for key, _ in student["structure"]["state_dict"] if key in buffers and key not in want]
        if saved:
            return [finding("buffer_saved", {"config": label, "buffer": saved[0]})]
    return structure.state_dict_keys(ctx)


CAUSAL_BLOCK = module_exercise(
    chapter=CHAPTER,
    id="causal_block",
    factory="CausalBlock",
    title="A causal transformer block",
    # A sequence shorter than max_len (the mask is cut to T x T), a batch of one, one head per 4 features.
    configs=(
        Config(args=(8, 2, 6), inputs=(((2, 6, 8),), ((1, 4, 8),))),
        Config(args=(12, 3, 5), inputs=(((3, 5, 12),), ((2, 1, 12),))),
    ),
    buffers=True,
    extra_checks=(Check("state_dict_keys", _mask_not_saved, structure.count_of("state_dict")),),
    mistakes=("no_mask", "no_scale", "heads_mixed", "post_norm"),
)


# save_training / resume_training around the submission's own CausalBlock(*block): trained `steps` steps on
# batches of `shape` drawn from torch's global generator, saved at `step`, trained on, and resumed.
RESUME = {"block": [8, 2, 6], "shape": [4, 6, 8], "steps": 3, "step": 3}


def _file_loads(ctx, student, expected):
    try:
        torch.load(io.BytesIO(student["file"]), weights_only=True)
    except Exception as exc:  # noqa: BLE001 (any failure to load is the student's to fix)
        said = (ANSI.sub("", str(exc)).strip().splitlines() or [""])[0][:300]
        return [finding("run_checkpoint_unreadable", error=error_dict(type(exc).__name__, said))]
    return None


def _returns_step(ctx, student, expected):
    if student["step"] != expected["step"]:
        return [finding("step_wrong", found=student["step"], expected=expected["step"])]
    return None


def _restores_state(ctx, student, expected):
    result = []
    if not student["restored"]["model"]:
        result.append(finding("model_not_restored"))
    if not student["restored"]["optimizer"]:
        result.append(finding("optimizer_not_restored"))
    return result or None


def _restores_rng(ctx, student, expected):
    if not student["restored"]["rng"]:
        return with_likely_cause(
            ctx, finding("rng_not_restored"), lambda a, b: difference(a["draws"], b["draws"]) is None
        )
    return None


def _resumes_bit_exactly(ctx, student, expected):
    """Bit for bit: the same run on the same machine leaves no rounding to forgive."""
    want, found = student["uninterrupted"], student["resumed"]
    for key, value in want.items():
        mine = found.get(key)
        tensors = isinstance(mine, torch.Tensor) and isinstance(value, torch.Tensor)
        if not (tensors and mine.shape == value.shape and torch.equal(mine, value)):
            return [finding("resume_differs", {"key": key})]
    return None


RESUME_TRAINING = function_exercise(
    chapter=CHAPTER,
    id="resume_training",
    title="Resuming a run bit for bit",
    names=("save_training", "resume_training"),
    parts=("CausalBlock",),
    driver="resume_run",
    params=RESUME,
    stage=stage("checkpoint"),
    checks=(
        Check("loads_with_weights_only", single(_file_loads)),
        Check("returns_step", single(_returns_step)),
        Check("restores_model_and_optimizer", single(_restores_state)),
        Check("restores_rng", single(_restores_rng)),
        Check("resumes_bit_exactly", single(_resumes_bit_exactly)),
    ),
    mistakes=("no_rng", "reseeded"),
)

EXERCISES = (PREDICT, DEBUG_NET, CAUSAL_BLOCK, RESUME_TRAINING)
