"""Assignment 08_train_eval: prediction in eval mode, leaving the model as it was."""

from autograder.checks.functions import single, with_likely_cause
from autograder.checks.tensors import difference
from autograder.exercises.function_exercise import function_exercise
from autograder.exercises.spec import Chapter, Check
from autograder.findings import finding

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

EXERCISES = (PREDICT,)
