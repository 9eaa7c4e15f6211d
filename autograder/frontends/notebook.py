"""In a student's own Jupyter kernel: `check` for self-check cells, `grade` for nbgrader's graded cells.

Both grade the objects the notebook defined, in the kernel itself (the student's own code, on their own
machine), with the same checks as every other front end. They differ only in what they give back:

- `check("lenet")` returns the report as a `Feedback`: Jupyter shows it as HTML (`autograder.render_html`),
  a terminal or any text-only front end as the plain text report.
- `grade("lenet")` returns the score as a `Score`, a float, the cell's last expression. Its text (`3.0`) is what
  nbgrader reads as the cell's partial credit; Jupyter and nbgrader's feedback pages show its HTML, the same
  report as `check`. Nothing reaches stderr while it runs (nbgrader gives 0 to a cell with any stderr output),
  so a torch warning can never zero a correct answer; and because the value is always a number, never a bool or
  a tensor, nbgrader never mistakes it for full credit.

Errors in the student's code name their cell as Jupyter shows it, `cell [5] line 11`, not IPython's file name
for the cell (`2164258862.py line 11`).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import sys
import warnings

from autograder import i18n
from autograder.findings import Finding, finding

_cache: dict[str, tuple] = {}
OUTPUT_CAP = 2000
# How often in a row each (exercise, check) has failed a self-check in this kernel: a check that failed before
# shows its hints and known mistakes with their code (`i18n.detailed`), the first failure the idea only. Only
# `check` counts and reads it; `grade` reports the same whatever came before.
_failures: dict[tuple[str, str], int] = {}


def _namespace(exercise_id: str, objects: tuple, depth: int = 2, lang: str | None = None) -> dict:
    """The objects to grade. Raises UnknownExercise (one line, in `lang`) for an id the course lacks."""
    from autograder.exercises import EXERCISES
    from autograder.grading import check_known

    check_known([exercise_id], lang)
    if objects:
        return dict(zip(EXERCISES[exercise_id].names, objects, strict=False))
    return sys._getframe(depth).f_globals


def _evaluate(exercise_id: str, namespace: dict, lang: str | None = None, hidden: bool = False):
    """Grades once per version of the student's objects: a self-check then a graded cell cost one run.

    `hidden`: on the hidden probes when the instructor's secret is in `AUTOGRADER_SECRET` (nbgrader's
    autograde run by the instructor), else on the public ones.
    """
    from autograder import secret
    from autograder.exercises import EXERCISES
    from autograder.exercises.spec import PUBLIC, ProbeSet
    from autograder.grading import all_failed, evaluate
    from autograder.jailed import observe

    exercise = EXERCISES[exercise_id]
    lang = i18n.resolve(lang)
    probe_set = ProbeSet(secret.given() or "") if hidden else PUBLIC
    objects = tuple(namespace.get(n) for n in exercise.names)
    # A report in another language, or on other probes, is graded again.
    key = (tuple(id(o) for o in objects), lang, probe_set.label)
    cached = _cache.get(exercise_id)
    if cached and cached[0] == key:
        return cached[2], cached[3]
    printed = io.StringIO()
    missing = [n for n in exercise.names if n not in namespace]
    if missing:  # not cached: the cell that defines it may run (or fail) next
        return all_failed(exercise, [_not_run_yet(n, namespace) for n in missing], once=True), ""
    with contextlib.redirect_stdout(printed):
        result = evaluate(
            exercise,
            lambda p: observe.run(p.driver, namespace, p.params),
            list(namespace),
            probe_set=probe_set,
        )
    _name_cells(result)
    # Keeping the objects alive keeps their ids from being reused by a later definition.
    _cache[exercise_id] = (key, objects, result, printed.getvalue())
    return result, printed.getvalue()


def _not_run_yet(name: str, namespace: dict):
    """In a kernel a name the exercise needs is missing because its cell has not run yet, or raised when it did
    (then the cell is named, as Jupyter numbers it); a close name is more likely a typo."""
    from autograder.checks.hints import not_defined
    from autograder.findings import finding

    found = not_defined(name, [n for n in namespace if not n.startswith("_")])
    if found.code == "not_defined_close":
        return found
    defines = re.compile(rf"^\s*(?:class|def)\s+{re.escape(name)}\b", re.M)
    history = namespace.get("In")
    if isinstance(history, list):
        for number in range(len(history) - 1, 0, -1):
            if isinstance(history[number], str) and defines.search(history[number]):
                where = {"kind": "kernel_cell", "number": number}  # In[number]: its execution count
                return finding("not_run_yet_failed", {"name": name, "cell": where})
    return finding("not_run_yet", {"name": name})


def _one_line(message: str) -> Feedback:
    """A report of one line (an unknown exercise id), as text and HTML."""
    import html

    return Feedback(message, f"<p>{html.escape(message)}</p>")


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


def _cell_places() -> dict[str, dict]:
    """IPython's file name for each cell this kernel ran (`2164258862.py`) -> the cell's place as data,
    {"kind": "kernel_cell", "number": N}, N its execution count (the catalogues word it: `cell [5]`)."""
    from autograder.jailed.observe.common import file_name

    try:
        from IPython import get_ipython

        cells = get_ipython().compile._filename_map
    except Exception:  # noqa: BLE001 (outside IPython, or an IPython without the map: names stay as they are)
        return {}
    return {file_name(name): {"kind": "kernel_cell", "number": n} for name, n in dict(cells).items()}


def _name_cells(result) -> None:
    """Gives each frame of a student's error in the findings that IPython's file name for a cell
    (`2164258862.py`) the cell's place instead, so that it is worded as Jupyter numbers cells (`cell [5]`)."""
    places = _cell_places()
    if not places:
        return
    for c in result.checks:
        c.findings = [Finding(f.code, f.subject, _placed(f.data, places), f.check) for f in c.findings]


def _placed(value, places: dict):
    """`value` (a finding's data) with every error's frames in a cell of this kernel placed there."""
    if isinstance(value, list):
        return [_placed(v, places) for v in value]
    if not isinstance(value, dict):
        return value
    value = {k: _placed(v, places) for k, v in value.items()}
    if isinstance(value.get("frames"), list):
        value["frames"] = [_frame_placed(f, places) for f in value["frames"]]
    return value


def _frame_placed(frame, places: dict):
    if isinstance(frame, dict) and isinstance(frame.get("file"), str) and frame["file"] in places:
        return {**frame, "file": places[frame["file"]]}
    return frame


def _notes(printed: str) -> list[Finding]:
    """What the student's code printed while it was checked, as one note (capped)."""
    if not printed.strip():
        return []
    if len(printed) <= OUTPUT_CAP:
        return [finding("printed_while_checked", output=printed.rstrip())]
    return [finding("printed_while_checked_cut", output=printed[:OUTPUT_CAP].rstrip())]


def _render(result, printed: str, lang: str = i18n.DEFAULT) -> str:
    from autograder.report import render_exercise, render_notes

    lines = render_exercise(result, lang)
    for note in _notes(printed):
        lines += ["", *render_notes([note], lang)]
    return "\n".join(lines)


def _html(result, printed: str, lang: str = i18n.DEFAULT) -> str:
    from autograder.render_html import exercise_html, notes_html, wrap

    return wrap(exercise_html(result, lang) + notes_html(_notes(printed), lang))


class Feedback:
    """What `check()` returns: the report, as HTML in Jupyter and as plain text anywhere else."""

    def __init__(self, text: str, html: str):
        self.text = text
        self.html = html

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, p, cycle: bool) -> None:
        p.text(self.text)

    def _repr_html_(self) -> str:
        return self.html


class Score(float):
    """What `grade()` returns: the score, a float whose text (`3.0`) nbgrader reads as the cell's partial credit,
    shown in Jupyter (and in nbgrader's feedback pages) as the HTML report. `.text` is the plain text report."""

    text: str
    html: str

    def __new__(cls, value: float, text: str = "", html: str = ""):
        score = super().__new__(cls, value)
        score.text, score.html = text, html
        return score

    def __repr__(self) -> str:
        return repr(float(self))

    def _repr_pretty_(self, p, cycle: bool) -> None:
        p.text(repr(float(self)))

    def _repr_html_(self) -> str | None:
        return self.html or None


def check(exercise_id: str, *objects, lang: str | None = None) -> Feedback | None:
    """The autograder's report for one exercise, for the objects this notebook defined (shown by Jupyter).

    Args:
        exercise_id: e.g. "lenet".
        *objects: optional, the objects to check in the order of the exercise's names (e.g. `LeNet`);
            by default they are looked up in the notebook by name.
        lang: "en" or "zh-CN"; by default set_language's choice, $AUTOGRADER_LANG or the locale.
    """
    if os.environ.get("AUTOGRADER_SANDBOX"):
        return  # inside the class grader the graded run happens outside the notebook's own cells
    from autograder.grading import UnknownExercise

    lang = i18n.resolve(lang)
    try:
        namespace = _namespace(exercise_id, objects, lang=lang)
    except UnknownExercise as exc:
        return _one_line(str(exc))
    result, printed = _evaluate(exercise_id, namespace, lang)
    with i18n.detailed(_failed_again(exercise_id, result)):
        return Feedback(_render(result, printed, lang), _html(result, printed, lang))


def _failed_again(exercise_id: str, result) -> list[str]:
    """Counts this self-check's failures; returns the checks that failed now and at the previous self-check."""
    again = []
    for check in result.checks:
        key = (exercise_id, check.name)
        if check.passed:
            _failures.pop(key, None)
            continue
        if _failures.get(key, 0):
            again.append(check.name)
        _failures[key] = _failures.get(key, 0) + 1
    return again


def grade(exercise_id: str, lang: str | None = None) -> Score:
    """The score of one exercise (one point per passing check), for nbgrader's graded cells."""
    from autograder.grading import UnknownExercise

    if os.environ.get("AUTOGRADER_SANDBOX"):
        return Score(0.0)
    lang = i18n.resolve(lang)
    try:
        namespace = _namespace(exercise_id, (), lang=lang)
    except UnknownExercise as exc:
        shown = _one_line(str(exc))
        return Score(0.0, shown.text, shown.html)
    with _quiet_stderr():
        try:
            result, printed = _evaluate(exercise_id, namespace, lang, hidden=True)
        except Exception as exc:  # noqa: BLE001 (a grader failure must print a reason, not a traceback)
            print(
                i18n.text("could_not_grade", lang, exercise=exercise_id, error=f"{type(exc).__name__}: {exc}")
            )
            return Score(0.0)
    return Score(result.score, _render(result, printed, lang), _html(result, printed, lang))


def set_language(lang: str | None) -> str:
    """Chooses the language of every report this notebook shows from now on: "en" or "zh-CN" (None: the
    default again, from $AUTOGRADER_LANG or the locale). Returns the language now in use."""
    if os.environ.get("AUTOGRADER_SANDBOX"):
        return i18n.DEFAULT
    return i18n.set_language(lang)
