"""The run's own report: what was graded, what failed and why, the scores per assignment, where the outputs are.

`build` makes it as data (written to summary.json); `render` prints it for the instructor. No timings or
absolute paths in the data, so the same class gives the same summary.json. What comes from `submitted/` (names,
and reasons that quote them or the student's code) is printed terminal-safe and bounded (`names`).
"""

from __future__ import annotations

import signal
import statistics
from pathlib import Path

from autograder import i18n
from autograder.classgrade.discover import FAILED, GRADED, GRADER_FAULT, NOT_SUBMITTED, PENDING, Class
from autograder.classgrade.names import TEXT_SHOWN, terminal_safe
from autograder.classgrade.outputs import NAMES, Written, count, maxima
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


def _say(key: str, lang: str | None, **values) -> str:
    return i18n.text(key, lang, **values)


def _listed(lines: list[str], lang: str | None) -> list[str]:
    shown = [f"  {line}" for line in lines[:LISTED]]
    if len(lines) > LISTED:
        shown.append("  " + _say("summary_more", lang, count=len(lines) - LISTED))
    return shown


def _item(item: str, reason: str, lang: str | None) -> str:
    """`item: reason`, both terminal-safe: an item is a name, a reason may quote names or the student's code."""
    return _say("summary_item", lang, item=terminal_safe(item), reason=terminal_safe(reason, TEXT_SHOWN))


def _items(entries: list[dict], lang: str | None, reason: str | None = None) -> list[str]:
    """`student/assignment: reason` (or the bare `student/assignment`) for each entry."""
    keys = [f"{terminal_safe(e['student'])}/{e['assignment']}" for e in entries]
    if reason is None:
        return keys
    return [_item(k, e[reason], lang) for k, e in zip(keys, entries, strict=True)]


def _outputs(written: Written | None, out: Path, lang: str | None) -> list[str]:
    """Where the outputs are: all of them, or only those written, then each one that was not and why."""
    if written is None or not written.failed:
        return [_say("summary_outputs", lang, out=out)]
    files = [name for name in written.files if not name.startswith(NAMES["feedback"] + "/")]
    if written.pages:
        files.append(
            _say("summary_feedback_pages", lang, written=written.pages_written(), total=written.pages)
        )
    lines = [
        _say("summary_outputs_written", lang, out=out, files=i18n.joined(files, lang))
        if written.files
        else _say("summary_outputs_none", lang, out=out)
    ]
    lines.append(_say("summary_not_written", lang, count=len(written.failed)))
    return lines + _listed([_item(name, why, lang) for name, why in written.failed], lang)


def render(
    summary: dict,
    out: Path,
    seconds: float,
    gradebook: str | None = None,
    lang: str | None = None,
    written: Written | None = None,
) -> str:
    """The end-of-run summary, as printed, in `lang` (the run's `--lang`; None: as `i18n.resolve` chooses).

    `written`: what `outputs.write_all` wrote; the summary names only those, and each output that failed.
    """
    counts = summary["counts"]
    lines = []
    if summary["partial"]:
        lines.append(
            _say(
                "summary_interrupted",
                lang,
                signal=summary["interrupted_by"],
                seconds=f"{seconds:.0f}",
                done=counts["submissions"] - counts["pending"],
                submissions=counts["submissions"],
                pending=counts["pending"],
            )
        )
    else:
        lines.append(
            _say(
                "summary_graded_unchanged" if counts["unchanged"] else "summary_graded",
                lang,
                submissions=count(counts["graded"], "submissions", lang),
                students=count(len(summary["students"]), "students", lang),
                seconds=f"{seconds:.0f}",
                unchanged=counts["unchanged"],
            )
        )
    if summary["failed"]:
        lines.append(_say("summary_failed", lang, count=counts["failed"]))
        lines += _listed(_items(summary["failed"], lang, "reason"), lang)
    if summary["grader_faults"]:
        lines.append(_say("summary_grader_faults", lang, count=counts["grader_fault"]))
        lines += _listed(_items(summary["grader_faults"], lang, "reason"), lang)
    if summary["not_submitted"]:
        lines.append(_say("summary_not_submitted", lang, count=counts["not_submitted"]))
        lines += _listed(_items(summary["not_submitted"], lang), lang)
    if summary["notes"]:
        lines.append(_say("summary_notes", lang))
        lines += _listed(_items(summary["notes"], lang, "note"), lang)
    if summary["skipped"]:
        lines.append(_say("summary_skipped", lang))
        lines += _listed([_item(s["path"], s["reason"], lang) for s in summary["skipped"]], lang)
    lines.append(_say("summary_scores", lang))
    width = max(len(a) for a in summary["assignments"])
    for a, s in summary["scores"].items():
        if not s["submissions"]:
            lines.append("  " + _say("summary_no_submission", lang, assignment=f"{a:<{width}}"))
            continue
        bands = "  ".join(
            _say("summary_band", lang, band=band, count=n) for band, n in s["distribution"].items()
        )
        lines.append(
            "  "
            + _say(
                "summary_assignment_scores",
                lang,
                assignment=f"{a:<{width}}",
                submissions=s["submissions"],
                mean=f"{s['mean']:.1f}",
                max=f"{s['max']:g}",
                median=f"{s['median']:g}",
                lowest=f"{s['lowest']:g}",
                highest=f"{s['highest']:g}",
                bands=bands,
            )
        )
    lines += _outputs(written, out, lang)
    if gradebook:
        lines.append(_say("summary_gradebook", lang, gradebook=gradebook))
    if summary["partial"]:
        lines.append(_say("summary_resume", lang))
    return "\n".join(lines)
