"""The run's own report: what was graded, what failed and why, the scores per assignment, where the outputs are.

`build` makes it as data (written to summary.json); `render` prints it for the instructor. No timings or
absolute paths in the data, so the same class gives the same summary.json.
"""

from __future__ import annotations

import signal
import statistics
from pathlib import Path

from autograder.classgrade.discover import FAILED, GRADED, GRADER_FAULT, NOT_SUBMITTED, PENDING, Class
from autograder.classgrade.outputs import NAMES, maxima
from autograder.classgrade.run import Outcome

BANDS = ("0-24%", "25-49%", "50-74%", "75-99%", "100%")
LISTED = 10  # lines per list in the printed summary; summary.json has them all


def _band(score: float, top: float) -> str:
    if top and score >= top:
        return BANDS[-1]
    return BANDS[min(int(4 * score / top), 3) if top else 0]


def build(klass: Class, outcome: Outcome) -> dict:
    records = outcome.records
    top = maxima(klass.assignments)

    def where(r: dict, **more) -> dict:
        return {"student": r["student"], "assignment": r["assignment"], **more}

    def having(status: str) -> list[dict]:
        return [r for r in records if r["status"] == status]

    scores = {}
    for a in klass.assignments:
        mine = [
            r["report"]["score"] for r in records if r["assignment"] == a and r["status"] in (GRADED, FAILED)
        ]
        bands = dict.fromkeys(BANDS, 0)
        for score in mine:
            bands[_band(score, top[a])] += 1
        scores[a] = {
            "max": top[a],
            "submissions": len(mine),
            "not_submitted": sum(r["assignment"] == a and r["status"] == NOT_SUBMITTED for r in records),
            "mean": round(statistics.fmean(mine), 3) if mine else None,
            "median": statistics.median(mine) if mine else None,
            "lowest": min(mine) if mine else None,
            "highest": max(mine) if mine else None,
            "distribution": bands,
        }
    submitted = [r for r in records if r["status"] != NOT_SUBMITTED]
    unchanged = outcome.unchanged
    return {
        "partial": outcome.interrupted is not None,
        "interrupted_by": signal.Signals(outcome.interrupted).name if outcome.interrupted else None,
        "students": klass.students,
        "assignments": klass.assignments,
        "counts": {
            "submissions": len(submitted),
            "graded": sum(
                r["status"] in (GRADED, FAILED) and f"{r['student']}/{r['assignment']}" not in unchanged
                for r in submitted
            ),
            "unchanged": len(unchanged),
            "failed": len(having(FAILED)),
            "grader_fault": len(having(GRADER_FAULT)),
            "pending": len(having(PENDING)),
            "not_submitted": len(having(NOT_SUBMITTED)),
        },
        "failed": [where(r, reason=r["reason"]) for r in having(FAILED)],
        "grader_faults": [where(r, reason=r["reason"]) for r in having(GRADER_FAULT)],
        "not_submitted": [where(r) for r in having(NOT_SUBMITTED)],
        "extra_notebooks": [where(r, files=r["extra"]) for r in records if r.get("extra")],
        "notes": [where(r, note=n) for r in records for n in r.get("folder_notes", [])],
        "skipped": klass.skipped,
        "scores": scores,
        "outputs": dict(NAMES),
    }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _listed(lines: list[str]) -> list[str]:
    shown = [f"  {line}" for line in lines[:LISTED]]
    if len(lines) > LISTED:
        shown.append(f"  ... and {len(lines) - LISTED} more (summary.json lists them all)")
    return shown


def render(summary: dict, out: Path, seconds: float, gradebook: str | None = None) -> str:
    """The end-of-run summary, as printed."""
    counts = summary["counts"]
    lines = []
    if summary["partial"]:
        done = counts["submissions"] - counts["pending"]
        lines.append(
            f"Interrupted ({summary['interrupted_by']}) after {seconds:.0f} s: {done} of {counts['submissions']} "
            f"submissions graded, {counts['pending']} not yet. The outputs cover what was graded (marked partial)."
        )
    else:
        lines.append(
            f"Graded {_count(counts['graded'], 'submission')} of {_count(len(summary['students']), 'student')} "
            f"in {seconds:.0f} s"
            + (
                f"; {counts['unchanged']} unchanged since the last run, not graded again."
                if counts["unchanged"]
                else "."
            )
        )
    if summary["failed"]:
        lines.append(
            f"Failed by the student's code (a zero; the reason is in their feedback): {counts['failed']}"
        )
        lines += _listed([f"{f['student']}/{f['assignment']}: {f['reason']}" for f in summary["failed"]])
    if summary["grader_faults"]:
        lines.append(
            f"Not graded, the grader failed (not the student's fault; run again to retry): {counts['grader_fault']}"
        )
        lines += _listed(
            [f"{f['student']}/{f['assignment']}: {f['reason']}" for f in summary["grader_faults"]]
        )
    if summary["not_submitted"]:
        lines.append(f"Not submitted (0 in totals.csv, no gradebook row): {counts['not_submitted']}")
        lines += _listed([f"{f['student']}/{f['assignment']}" for f in summary["not_submitted"]])
    if summary["notes"]:
        lines.append("Notes:")
        lines += _listed([f"{n['student']}/{n['assignment']}: {n['note']}" for n in summary["notes"]])
    if summary["skipped"]:
        lines.append("Skipped in the submitted folder:")
        lines += _listed([f"{s['path']}: {s['reason']}" for s in summary["skipped"]])
    lines.append("Scores:")
    width = max(len(a) for a in summary["assignments"])
    for a, s in summary["scores"].items():
        if not s["submissions"]:
            lines.append(f"  {a:<{width}}  no submission graded")
            continue
        bands = "  ".join(f"{band}: {n}" for band, n in s["distribution"].items())
        lines.append(
            f"  {a:<{width}}  {s['submissions']} graded, mean {s['mean']:.1f}/{s['max']:g}, median {s['median']:g}, "
            f"range {s['lowest']:g}-{s['highest']:g}   {bands}"
        )
    lines.append(
        f"Outputs in {out}/: totals.csv, checks.csv, summary.json, results.json, feedback/, item_analysis.html"
    )
    if gradebook:
        lines.append(f"Gradebook: {gradebook}")
    if summary["partial"]:
        lines.append("To resume, run the same command again: what was graded is kept, the rest is graded.")
    return "\n".join(lines)
