"""In a student's own Jupyter kernel: `check` for self-check cells, `grade` for nbgrader's graded cells.

Both grade the objects the notebook defined, in the kernel itself (the student's own code, on their own
machine), with the same checks as every other front end. They differ only in what they give back:

- `check("lenet")` prints the report and returns nothing, so a cell shows feedback and no stray value.
- `grade("lenet")` prints the same report and returns the score as a float, the cell's last expression, which
  nbgrader reads as the cell's partial credit. Nothing reaches stderr while it runs (nbgrader gives 0 to a cell
  with any stderr output), so a torch warning can never zero a correct answer; and because the value is always a
  number, never a bool or a tensor, nbgrader never mistakes it for full credit.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import warnings

from autograder import i18n

_cache: dict[str, tuple] = {}
OUTPUT_CAP = 2000


def _namespace(exercise_id: str, objects: tuple, depth: int = 2) -> dict:
    from autograder.exercises import EXERCISES

    if exercise_id not in EXERCISES:
        raise ValueError(f"unknown exercise {exercise_id!r}; known: {', '.join(EXERCISES)}")
    if objects:
        return dict(zip(EXERCISES[exercise_id].names, objects, strict=False))
    return sys._getframe(depth).f_globals


def _evaluate(exercise_id: str, namespace: dict, lang: str | None = None):
    """Grades once per version of the student's objects: a self-check then a graded cell cost one run."""
    from autograder.exercises import EXERCISES
    from autograder.grading import evaluate
    from autograder.sandbox import drivers

    exercise = EXERCISES[exercise_id]
    lang = i18n.resolve(lang)
    objects = tuple(namespace.get(n) for n in exercise.names)
    key = (tuple(id(o) for o in objects), lang)  # a report in another language is graded again
    cached = _cache.get(exercise_id)
    if cached and cached[0] == key:
        return cached[2], cached[3]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = evaluate(
            exercise, lambda p: drivers.run(p.driver, namespace, p.params), list(namespace), lang=lang
        )
    # Keeping the objects alive keeps their ids from being reused by a later definition.
    _cache[exercise_id] = (key, objects, result, printed.getvalue())
    return result, printed.getvalue()


@contextlib.contextmanager
def _quiet_stderr():
    """Silences stderr, at the Python and at the file-descriptor level (where C++ warnings go)."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        with contextlib.redirect_stderr(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _render(result, printed: str, lang: str = i18n.DEFAULT) -> str:
    from autograder.report import render_exercise

    lines = render_exercise(result, lang)
    if printed.strip():
        text = printed if len(printed) <= OUTPUT_CAP else printed[:OUTPUT_CAP] + "\n... (output cut)"
        lines += ["", "Your code printed while being checked:", text.rstrip()]
    return "\n".join(lines)


def check(exercise_id: str, *objects, lang: str | None = None) -> None:
    """Shows the autograder's report for one exercise, for the objects this notebook defined.

    Args:
        exercise_id: e.g. "lenet".
        *objects: optional, the objects to check in the order of the exercise's names (e.g. `LeNet`);
            by default they are looked up in the notebook by name.
        lang: "en" or "zh-CN"; by default set_language's choice, $AUTOGRADER_LANG or the locale.
    """
    if os.environ.get("AUTOGRADER_SANDBOX"):
        return  # inside the class grader the graded run happens outside the notebook's own cells
    lang = i18n.resolve(lang)
    result, printed = _evaluate(exercise_id, _namespace(exercise_id, objects), lang)
    print(_render(result, printed, lang))


def grade(exercise_id: str, lang: str | None = None) -> float:
    """The score of one exercise (one point per passing check), for nbgrader's graded cells."""
    if os.environ.get("AUTOGRADER_SANDBOX"):
        return 0.0
    namespace = _namespace(exercise_id, ())
    lang = i18n.resolve(lang)
    with _quiet_stderr():
        try:
            result, printed = _evaluate(exercise_id, namespace, lang)
        except Exception as exc:  # noqa: BLE001 (a grader failure must print a reason, not a traceback)
            print(f"The grader could not grade {exercise_id}: {type(exc).__name__}: {exc}")
            return 0.0
    print(_render(result, printed, lang))
    return float(result.score)


def set_language(lang: str | None) -> str:
    """Chooses the language of every report this notebook shows from now on: "en" or "zh-CN" (None: the
    default again, from $AUTOGRADER_LANG or the locale). Returns the language now in use."""
    if os.environ.get("AUTOGRADER_SANDBOX"):
        return i18n.DEFAULT
    return i18n.set_language(lang)
