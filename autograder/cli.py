"""`python -m autograder check SUBMISSION ...` and `python -m autograder grade SUBMITTED_DIR ...`."""

from __future__ import annotations

import argparse
import sys

USAGE_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    verbs = parser.add_subparsers(dest="verb", required=True)
    check = verbs.add_parser("check", help="grade one submission (.py or .ipynb)")
    check.add_argument("submission", help="a .py file or a .ipynb notebook")
    check.add_argument(
        "--exercise", action="append", metavar="ID", help="grade only this exercise (repeatable)"
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--timeout", type=float, default=None, help="wall-clock seconds for the whole submission"
    )
    check.add_argument("--memory-mb", type=int, default=None, help="memory the submission may use")
    grade = verbs.add_parser(
        "grade", help="grade a class: SUBMITTED_DIR/<student>/<assignment>/<notebook>.ipynb"
    )
    grade.add_argument("submitted", help="nbgrader's submitted/ folder")
    grade.add_argument("--out", required=True, help="where results, CSVs, feedback and item analysis go")
    grade.add_argument("--workers", type=int, default=2, help="submissions graded at once (default 2)")
    grade.add_argument("--timeout", type=float, default=None, help="wall-clock seconds per submission")
    grade.add_argument("--memory-mb", type=int, default=None, help="memory per submission")
    grade.add_argument("--force", action="store_true", help="grade again what is already graded")
    grade.add_argument("--gradebook", metavar="DB_URL", help="also write scores to this nbgrader gradebook")
    grade.add_argument("--quiet", action="store_true", help="no progress bar")
    verbs.add_parser("list", help="list the exercises and their assignments")
    return parser


def _grade_class(args) -> int:
    from pathlib import Path

    from autograder.classgrade import outputs
    from autograder.classgrade.run import Options, grade_class
    from autograder.sandbox.runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT

    root = Path(args.submitted)
    if not root.is_dir():
        print(f"error: {root}: no such folder", file=sys.stderr)
        return USAGE_ERROR
    if args.workers < 1:
        print("error: --workers must be at least 1", file=sys.stderr)
        return USAGE_ERROR
    options = Options(
        workers=args.workers,
        timeout=args.timeout or DEFAULT_TIMEOUT,
        memory_mb=args.memory_mb or DEFAULT_MEMORY_MB,
        force=args.force,
    )
    records = grade_class(root, Path(args.out), options, progress=not args.quiet)
    paths = outputs.write_all(records, Path(args.out))
    if args.gradebook:
        from autograder.classgrade.gradebook import write_scores

        for warning in write_scores(records, args.gradebook):
            print(f"warning: {warning}", file=sys.stderr)
    students = len({r["student"] for r in records})
    print(f"graded {len(records)} submissions of {students} students: {paths['totals']}")
    return 0


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    # Imported here so that `--help` and usage errors answer before torch loads.
    from autograder.exercises import ASSIGNMENTS, EXERCISES

    if args.verb == "grade":
        if (
            args.timeout is not None
            and args.timeout <= 0
            or args.memory_mb is not None
            and args.memory_mb <= 0
        ):
            print("error: --timeout and --memory-mb must be positive", file=sys.stderr)
            return USAGE_ERROR
        return _grade_class(args)
    if args.verb == "list":
        for assignment, ids in ASSIGNMENTS.items():
            print(f"{assignment}: {', '.join(ids)}")
        return 0
    unknown = [i for i in args.exercise or [] if i not in EXERCISES]
    if unknown:
        print(f"error: unknown exercise {unknown[0]!r}; known: {', '.join(EXERCISES)}", file=sys.stderr)
        return USAGE_ERROR
    if args.timeout is not None and args.timeout <= 0 or args.memory_mb is not None and args.memory_mb <= 0:
        print("error: --timeout and --memory-mb must be positive", file=sys.stderr)
        return USAGE_ERROR
    from autograder.grading import grade_file
    from autograder.sandbox.runner import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
    from autograder.submission import SubmissionError

    try:
        report = grade_file(
            args.submission,
            args.exercise,
            timeout=args.timeout or DEFAULT_TIMEOUT,
            memory_mb=args.memory_mb or DEFAULT_MEMORY_MB,
        )
    except SubmissionError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return USAGE_ERROR
    if args.format == "json":
        print(report.to_json())
    else:
        if not report.exercises:
            report.notes.insert(
                0, "No exercise found: the submission defines none of the names the exercises use."
            )
        print(report.to_text())
    if not report.exercises:
        return 1
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
