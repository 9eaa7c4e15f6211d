"""Grading: run a submission's objects through each exercise's probes and judge them against the reference.

Front ends (CLI, notebook API, pytest plugin, class grading) call `grade_file` or `grade_namespace`; the
logic they share lives here, once.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

from autograder import i18n, oracle
from autograder.checks.hints import close_match, not_defined
from autograder.exercises import ASSIGNMENTS, EXERCISES
from autograder.exercises.spec import PUBLIC, Check, Context, Exercise, Probe, ProbeSet
from autograder.findings import Finding, finding
from autograder.jailed import codec, observe
from autograder.report import CheckResult, ExerciseResult, Report
from autograder.sandbox.runner import (
    DEFAULT_MEMORY_MB,
    DEFAULT_TIMEOUT,
    GraderFault,
    Sandbox,
    SandboxFailure,
    Zygote,
)
from autograder.submission import load

_probes: dict[tuple[str, str], list[Probe]] = {}
# Class grading judges in several threads. Probes seed torch's global random number generator, which threads
# share: they are computed one at a time, and once (the oracle does the same for what the reference does).
_lock = threading.RLock()
MAX_CELL_NOTES = 5  # cells whose errors the notes list one by one


def probes_for(exercise: Exercise, probe_set: ProbeSet = PUBLIC) -> list[Probe]:
    """The exercise's probes, built once per process and probe set: every student is tried on the same weights
    and inputs."""
    key = (exercise.id, probe_set.secret)
    with _lock:
        if key not in _probes:
            _probes[key] = exercise.probes(probe_set)
        return _probes[key]


class UnknownExercise(ValueError):
    """An exercise id the course does not have; its message is one line for the student, in their language."""


def unknown_exercise(exercise_id: str, lang: str | None = None) -> str:
    """The line that says so, with the close match when there is one ("LeNet": did you mean "lenet"?)."""
    match = {i.lower(): i for i in EXERCISES}.get(exercise_id.lower()) or close_match(exercise_id, EXERCISES)
    if match:
        return i18n.text("unknown_exercise_close", lang, exercise=exercise_id, match=match)
    return i18n.text(
        "unknown_exercise",
        lang,
        exercise=exercise_id,
        known=i18n.joined(EXERCISES, lang),
    )


def check_known(ids, lang: str | None = None) -> None:
    """Raises UnknownExercise for the first id that is not an exercise of the course."""
    for exercise_id in ids or ():
        if exercise_id not in EXERCISES:
            raise UnknownExercise(unknown_exercise(exercise_id, lang))


def select(ids, assignment: str | None, names) -> list[Exercise]:
    """--exercise if given; else the notebook's assignment; else every exercise whose names are defined.

    Raises UnknownExercise for an id the course does not have.
    """
    if ids:
        check_known(ids)
        return [EXERCISES[i] for i in ids]
    if assignment in ASSIGNMENTS:
        return [EXERCISES[i] for i in ASSIGNMENTS[assignment]]
    defined = set(names)
    return [e for e in EXERCISES.values() if defined & set(e.names)]


def evaluate(
    exercise: Exercise,
    run_student: Callable[[Probe], dict],
    names,
    notes=(),
    probe_set: ProbeSet = PUBLIC,
) -> ExerciseResult:
    """Judges one exercise on `probe_set`. Never raises: whatever went wrong becomes failed checks with a reason.

    `notes` are findings about the whole submission (cells that raised) that explain a missing name.
    """
    missing = [n for n in exercise.names if n not in names]
    if missing:
        reason = [not_defined(n, names) for n in missing] + list(notes)
        return all_failed(exercise, reason, once=True)
    judge = oracle.get()
    try:
        probes = probes_for(exercise, probe_set)
        expected = judge.expected(exercise, probes, probe_set)
    except oracle.OracleUnavailable as exc:
        return all_failed(exercise, finding("not_graded", reason=exc.finding))
    try:
        student = [run_student(p) for p in probes]
    except SandboxFailure as failure:
        return all_failed(exercise, failure.finding)
    ctx = Context(exercise, probes, student, expected, lambda: judge.mistakes(exercise, probes, probe_set))
    results = []
    for check in exercise.checks:
        try:
            problem = _as_findings(check.judge(ctx))
            found = problem or _passed(exercise, check, ctx)
        except Exception as exc:  # noqa: BLE001 (what the submission sent broke the judge: its failure)
            # The child's observations are validated as they are read (see `codec.decode`); one that still
            # breaks a check (a string where a shape belongs) is the submission's doing, and costs it this
            # check only: never a grader fault that would leave the student ungraded and graded again forever.
            what = codec.clip(f"{type(exc).__name__}: {exc}", 300)
            problem = found = [finding("observation_unreadable", error=what)]
        results.append(CheckResult(check.name, not problem, [f.with_check(check.name) for f in found]))
    return ExerciseResult(exercise.id, exercise.title, results)


def _as_findings(value) -> list[Finding]:
    if value is None:
        return []
    if isinstance(value, Finding):
        return [value]
    if isinstance(value, str):  # an old-style check's sentence, shown as it is
        return [finding("grader_note", text=value)]
    return list(value)


def _passed(exercise: Exercise, check: Check, ctx) -> list[Finding]:
    if check.passes is None:
        return [finding("passed", {"check": f"{exercise.id}.{check.name}"})]
    return _as_findings(check.passes(ctx))


def all_failed(exercise: Exercise, reason, once: bool = False) -> ExerciseResult:
    """Every check of `exercise` failed, for one reason (a missing name, a dead process, an unreadable file):
    a finding, a list of them, or a sentence already written (class grading's reasons).

    With `once`, the reason is given in the first check only; the others point to it.
    """
    found = _as_findings(reason)
    first = exercise.checks[0].name if exercise.checks else ""
    see = [finding("not_checked_see", {"see": first})]
    checks = [
        CheckResult(
            c.name, False, [f.with_check(c.name) for f in (see if once and c.name != first else found)]
        )
        for c in exercise.checks
    ]
    return ExerciseResult(exercise.id, exercise.title, checks)


# Packages the course leaves out of its environment on purpose (each would pull in another build of torch).
LEFT_OUT = ("torchvision", "torchaudio", "torchtext")
_NO_MODULE = re.compile(r"No module named '(?P<package>[\w]+)")  # Python's own message, as Python writes it


def _left_out(error: dict | None) -> str | None:
    """The package a cell's error (see `jailed.observe.common.error_dict`) could not import, if the course
    leaves it out on purpose."""
    if not error or error["type"] != "ModuleNotFoundError":
        return None
    match = _NO_MODULE.match(error["message"])
    return match["package"] if match and match["package"] in LEFT_OUT else None


def _cell_notes(cells: list[dict]) -> list[Finding]:
    """What the failed cells raised, for the report (each error already clipped), the first few in full.

    Importing a package the course leaves out is explained once, whichever cells import it.
    """
    failed = [c for c in cells if c["error"] and not _left_out(c["error"])]
    packages = {}
    for c in cells:
        if _left_out(c["error"]):
            packages.setdefault(_left_out(c["error"]), c["cell"])
    notes = [finding("package_left_out", {"cell": cell, "package": p}) for p, cell in packages.items()]
    notes += [finding("cell_raised", {"cell": c["cell"]}, error=c["error"]) for c in failed[:MAX_CELL_NOTES]]
    if len(failed) > MAX_CELL_NOTES:
        notes.append(finding("more_cells_raised", count=len(failed) - MAX_CELL_NOTES))
    return notes


def grade_namespace(
    namespace: dict, ids, label: str = "notebook", lang: str | None = None, probe_set: ProbeSet = PUBLIC
) -> Report:
    """Grades objects living in this process (a student's own kernel): no sandbox, same checks."""
    names = [n for n in namespace if not n.startswith("_")]
    lang = i18n.resolve(lang)

    def run_student(probe: Probe) -> dict:
        return observe.run(probe.driver, namespace, probe.params)

    return Report(
        label,
        [evaluate(e, run_student, names, probe_set=probe_set) for e in select(ids, None, names)],
        lang=lang,
    )


def grade_file(
    path: str,
    ids=None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_mb: int = DEFAULT_MEMORY_MB,
    slot: int = 0,
    zygote: Zygote | None = None,
    lang: str | None = None,
    probe_set: ProbeSet = PUBLIC,
) -> Report:
    """Grades a .py or .ipynb file with its code in a separate, limited process, on `probe_set`.

    Raises SubmissionError when the file cannot be read at all.
    """
    submission = load(path, ASSIGNMENTS)
    lang = i18n.resolve(lang)
    try:
        return _grade_in_sandbox(path, submission, ids, timeout, memory_mb, slot, zygote, lang, probe_set)
    except GraderFault as fault:
        return not_graded(path, select(ids, submission.assignment, []), fault.finding, lang)


def _evaluate_in(box: Sandbox, exercise: Exercise, names, notes, probe_set) -> ExerciseResult:
    """`evaluate`, with the student's side run in the sandbox `box` on the submission's objects as they are."""
    return evaluate(exercise, lambda p: box.run(p.driver, p.params, p.stage), names, notes, probe_set)


def not_graded(path: str, exercises: list[Exercise], fault: Finding, lang: str | None = None) -> Report:
    """The grader failed on this submission (`fault` says how): no score is the student's, and the report
    says so."""
    found = finding("not_graded", reason=fault)
    return Report(
        path, [all_failed(e, found) for e in exercises], [found], fault=fault, lang=i18n.resolve(lang)
    )


def _grade_in_sandbox(path, submission, ids, timeout, memory_mb, slot, zygote, lang, probe_set) -> Report:
    graded: dict[str, ExerciseResult] = {}  # exercises graded at their graded cell, as nbgrader grades them
    with Sandbox(timeout=timeout, memory_mb=memory_mb, slot=slot, zygote=zygote) as box:

        def at_graded(exercise_id: str, ran: dict) -> None:
            wanted = {e.id: e for e in select(ids, submission.assignment, ran["names"])}
            if exercise_id in wanted and exercise_id not in graded:
                notes = _cell_notes(ran["cells"])
                graded[exercise_id] = _evaluate_in(box, wanted[exercise_id], ran["names"], notes, probe_set)

        try:
            ran = box.exec_cells(submission.cells, at_graded)
        except GraderFault:
            raise
        except SandboxFailure as failure:
            exercises = select(ids, submission.assignment, [])
            found = failure.finding
            results = [graded[e.id] if e.id in graded else all_failed(e, found) for e in exercises]
            return Report(path, results, [found, *_sandbox_notes(box)], lang=lang)
        notes = _cell_notes(ran["cells"])
        names = ran["names"]
        results = [
            graded[e.id] if e.id in graded else _evaluate_in(box, e, names, notes, probe_set)
            for e in select(ids, submission.assignment, names)
        ]
        output, cut = box.output()
        sandbox_notes = _sandbox_notes(box)
    report = Report(path, results, list(notes), lang=lang)
    if output.strip():
        report.notes.append(finding("printed_cut" if cut else "printed", output=output))
    report.notes += sandbox_notes
    return report


def _sandbox_notes(box: Sandbox) -> list[Finding]:
    """The note that names the protections this machine could not give the submission (none: no note), in every
    report of a graded submission, whether its code finished or not."""
    missing = box.missing_protections()
    return [finding("sandbox_missing", missing=list(missing), why=box.why_missing())] if missing else []
