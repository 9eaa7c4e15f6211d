"""`python -m autograder check SUBMISSION ...` and `python -m autograder grade SUBMITTED_DIR ...`."""

from __future__ import annotations

import argparse
import sys

USAGE_ERROR = 2


GRADE_EPILOG = """\
example:
  python -m autograder grade submitted --out grading --workers 2 --gradebook sqlite:///gradebook.db
  python -m autograder grade submitted --out grading --scheduler tcp://10.0.0.5:8786   (on a Dask cluster)

  SUBMITTED_DIR is nbgrader's layout: <student>/<assignment>/<assignment>.ipynb. The folder is the assignment;
  other notebooks in it (-Copy1, Untitled) are listed in the summary, never graded. The run ends with a
  summary (also in OUT/summary.json). Ctrl-C or SIGTERM stops it within seconds, writes the outputs for what
  was graded (marked partial), and the same command resumes: what is graded and unchanged is not graded again.

exit status:
  0    every submission was graded (a student's failing code is a grade, not an error)
  1    the run finished, but some submissions were not graded: the grader failed (see the summary), or an
       output could not be written
  2    usage error; nothing graded: SUBMITTED_DIR not in nbgrader's layout, OUT not writable or in use by
       another run, an assignment missing from the gradebook
  130  interrupted by SIGINT (Ctrl-C)
  143  interrupted by SIGTERM
"""

CHECK_EPILOG = """\
exit status:
  0  every selected exercise passes;  1  a check fails;  2  usage error, an unreadable file, or the grader
  itself failed (the submission was not graded)
"""


def _parser() -> argparse.ArgumentParser:
    from autograder.classgrade.options import Options

    defaults = Options()
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    verbs = parser.add_subparsers(dest="verb", required=True)
    check = verbs.add_parser(
        "check",
        help="grade one submission (.py or .ipynb)",
        epilog=CHECK_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("submission", help="a .py file or a .ipynb notebook")
    check.add_argument(
        "--exercise",
        action="append",
        metavar="ID",
        help="grade only this exercise (repeatable; default: all)",
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="default: text")
    _add_lang(check, "the feedback")
    _add_limits(check, defaults, "for the whole submission", "the submission may use")
    check.add_argument(
        "--hidden",
        action="store_true",
        help="for instructors: check on the hidden probes, drawn from the secret (default: the public probes, "
        "as the students' self-check does)",
    )
    _add_secret(check, "with --hidden")
    grade = verbs.add_parser(
        "grade",
        help="grade a class: SUBMITTED_DIR/<student>/<assignment>/<notebook>.ipynb",
        description="Grade a whole class in nbgrader's submitted/ layout, in parallel, resumably.",
        epilog=GRADE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    grade.add_argument("submitted", metavar="SUBMITTED_DIR", help="nbgrader's submitted/ folder")
    grade.add_argument(
        "--out", required=True, help="where results, CSVs, summary, feedback and item analysis go (required)"
    )
    grade.add_argument(
        "--workers",
        type=int,
        default=defaults.workers,
        help=f"submissions graded at once (default: {defaults.workers}; with --scheduler, each Dask worker "
        "grades as many at once as it has threads)",
    )
    grade.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="grade on a Dask cluster: its scheduler's address, e.g. tcp://10.0.0.5:8786; this process discovers "
        "and writes every output, the workers grade (default: none, grade on this machine)",
    )
    _add_limits(grade, defaults, "per submission", "per submission, in MB")
    grade.add_argument(
        "--force", action="store_true", help="grade again what is already graded and unchanged (default: off)"
    )
    grade.add_argument(
        "--gradebook",
        metavar="DB_URL",
        help="also write scores to this nbgrader gradebook, e.g. sqlite:///gradebook.db (default: none)",
    )
    grade.add_argument("--quiet", action="store_true", help="no progress line (default: off)")
    grade.add_argument(
        "--public",
        action="store_true",
        help="grade on the public probes, the ones the student kit checks against (default: the hidden probes)",
    )
    _add_secret(grade, "else OUT/secret.txt, made on the first run")
    _add_lang(grade, "the progress line, the summary, the feedback pages and the item analysis")
    verbs.add_parser("list", help="list the exercises and their assignments")
    return parser


def _add_lang(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--lang",
        choices=("en", "zh-CN"),
        default=None,
        help=f"language of {what} (default: $AUTOGRADER_LANG, else the locale: zh_* gives zh-CN, else en)",
    )


def _add_secret(parser: argparse.ArgumentParser, otherwise: str) -> None:
    parser.add_argument(
        "--secret-file",
        metavar="PATH",
        help=f"the instructor's secret the hidden probes are drawn from (default: $AUTOGRADER_SECRET; {otherwise})",
    )


def _add_limits(parser: argparse.ArgumentParser, defaults, seconds: str, memory: str) -> None:
    """--timeout and --memory-mb, the same for `check` and `grade`."""
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        help=f"wall-clock seconds {seconds} (default: {defaults.timeout:g})",
    )
    parser.add_argument(
        "--memory-mb",
        type=int,
        default=None,
        help=f"memory {memory} (default: {defaults.memory_mb})",
    )


def _limits_are_positive(args) -> bool:
    return all(value is None or value > 0 for value in (args.timeout, args.memory_mb))


def _print(text: str, file=None) -> None:
    """Prints what may quote `submitted/` (a folder named with escape sequences): each line terminal-safe."""
    from autograder.classgrade.names import terminal_lines

    print(terminal_lines(text), file=file or sys.stdout, flush=True)


def _error(message: str, lang: str | None = None) -> int:
    """One line on stderr, `error: <message>` in the run's language; the exit status of a usage error."""
    from autograder import i18n

    _print(i18n.text("usage_error", lang, message=message), file=sys.stderr)
    return USAGE_ERROR


def _say(key: str, lang: str | None, **values) -> str:
    from autograder import i18n

    return i18n.text(key, lang, **values)


def _grade_class(args) -> int:
    from pathlib import Path

    from autograder.classgrade.run import Options, Stop

    # First of all: from here on, Ctrl-C and SIGTERM stop the run cleanly, whatever it is doing.
    stop = Stop()
    stop.install()
    root, out = Path(args.submitted), Path(args.out)
    lang = args.lang
    if not root.is_dir():
        return _error(_say("no_such_folder", lang, folder=root), lang)
    if args.workers < 1:
        return _error(_say("workers_at_least_one", lang), lang)
    if out.resolve().is_relative_to(root.resolve()):
        return _error(_say("out_inside_submitted", lang, out=out, root=root), lang)

    from autograder import secret
    from autograder.classgrade import outputs, summary
    from autograder.classgrade.discover import LayoutError, discover
    from autograder.classgrade.outfolder import OutputFolder, OutputFolderError
    from autograder.classgrade.run import grade_class
    from autograder.exercises import ASSIGNMENTS
    from autograder.exercises.spec import PUBLIC

    try:
        klass = discover(root, ASSIGNMENTS, lang)
    except LayoutError as exc:
        return _error(str(exc), lang)
    except OSError as exc:
        return _error(_say("cannot_read", lang, path=root, reason=exc.strerror or exc), lang)
    folder = OutputFolder(out, lang)
    try:
        folder.acquire()
    except OutputFolderError as exc:
        return _error(str(exc), lang)
    try:
        # After the folder is known to be writable and ours: the secret may be made there.
        try:
            probe_set = PUBLIC if args.public else secret.for_grading(out, args.secret_file)
        except secret.SecretError as exc:
            return _error(_say(exc.key, lang, **exc.values), lang)
        defaults = Options()
        options = Options(
            workers=args.workers,
            timeout=args.timeout or defaults.timeout,
            memory_mb=args.memory_mb or defaults.memory_mb,
            force=args.force,
            probe_set=probe_set,
            lang=lang,
        )
        if args.gradebook:
            from autograder.classgrade import gradebook

            try:
                gradebook.check(args.gradebook, klass.assignments, lang)
            except gradebook.GradebookError as exc:
                return _error(str(exc), lang)
        cluster = None
        if args.scheduler:
            from autograder.classgrade import cluster as dask_cluster

            try:
                cluster = dask_cluster.connect(args.scheduler)
            except dask_cluster.ClusterError as exc:
                return _error(_say(exc.key, lang, **exc.values), lang)
        try:
            grade = cluster.grade if cluster else None
            outcome = grade_class(klass, out, options, stop, progress=not args.quiet, grade=grade)
        finally:
            if cluster:
                cluster.close()
        report = summary.build(klass, outcome)
        # Each output on its own: one that cannot be written is named, and the others are written all the same.
        written = outputs.write_all(outcome.records, report, out, lang)
        problems = []
        if written.failed:
            name, reason = written.failed[0]
            problems.append(
                _say(
                    "outputs_not_written", lang, count=len(written.failed), out=out, name=name, reason=reason
                )
            )
        written_to = None
        if args.gradebook and outcome.interrupted is None:
            from autograder.classgrade import gradebook
            from autograder.classgrade.names import terminal_safe

            try:
                count, left_out = gradebook.write_scores(outcome.records, args.gradebook, lang)
                written_to = _say("gradebook_written", lang, count=count, gradebook=args.gradebook)
                problems += [
                    _say("gradebook_bad_student", lang, student=terminal_safe(s), limit=gradebook.ID_LENGTH)
                    for s in left_out
                ]
            except Exception as exc:  # noqa: BLE001 (the database layer raises many kinds; one line says why)
                error = f"{type(exc).__name__}: {exc}"
                problems.append(_say("gradebook_not_updated", lang, gradebook=args.gradebook, error=error))
        elif args.gradebook:
            written_to = _say("gradebook_interrupted", lang)
        _print(summary.render(report, out, outcome.seconds, written_to, lang, written))
        for problem in problems:
            _print(problem, file=sys.stderr)
        if outcome.interrupted is not None:
            return 128 + outcome.interrupted
        return 1 if problems or report["counts"]["grader_fault"] else 0
    finally:
        folder.release()


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    if args.verb == "grade":
        if not _limits_are_positive(args):
            return _error(_say("limits_positive", args.lang), args.lang)
        return _grade_class(args)
    # Imported here so that `--help` and usage errors answer before torch loads.
    from autograder.exercises import ASSIGNMENTS

    if args.verb == "list":
        for assignment, ids in ASSIGNMENTS.items():
            print(f"{assignment}: {', '.join(ids)}")
        return 0
    from autograder.grading import UnknownExercise, check_known, grade_file

    try:
        check_known(args.exercise, args.lang)
    except UnknownExercise as exc:
        return _error(str(exc), args.lang)
    if not _limits_are_positive(args):
        return _error(_say("limits_positive", args.lang), args.lang)
    from autograder import i18n, secret
    from autograder.exercises.spec import PUBLIC
    from autograder.findings import finding
    from autograder.sandbox.runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
    from autograder.submission import SubmissionError

    try:
        probe_set = secret.hidden(args.secret_file) if args.hidden else PUBLIC
    except secret.SecretError as exc:
        return _error(_say(exc.key, args.lang, **exc.values), args.lang)
    try:
        report = grade_file(
            args.submission,
            args.exercise,
            timeout=args.timeout or DEFAULT_TIMEOUT,
            memory_mb=args.memory_mb or DEFAULT_MEMORY_MB,
            lang=args.lang,
            probe_set=probe_set,
        )
    except SubmissionError as exc:
        return _error(exc.render(args.lang), args.lang)
    if report.fault:
        # Nothing in the report is the student's: say so, and fail as a usage error does.
        not_graded = _say("not_graded", report.lang, reason=i18n.render(report.fault, report.lang))
        if args.format == "json":
            print(report.to_json())
            print(not_graded, file=sys.stderr)
        else:
            print(not_graded)
        return USAGE_ERROR
    if args.format == "json":
        print(report.to_json())
    else:
        if not report.exercises:
            report.notes.insert(0, finding("no_exercise_found"))
        print(report.to_text())
    if not report.exercises:
        return 1
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
