"""What class grading writes: per-check and per-student CSVs, the full JSON, feedback pages, item analysis."""

from __future__ import annotations

import csv
import html
import io
import json
from collections import defaultdict
from pathlib import Path

from autograder.classgrade.run import write_atomically


def write_all(records: list[dict], out: Path) -> dict[str, Path]:
    """Writes every output into `out`; returns them by name."""
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "checks": out / "checks.csv",
        "totals": out / "totals.csv",
        "results": out / "results.json",
        "items": out / "item_analysis.csv",
        "chart": out / "item_analysis.png",
        "analysis": out / "item_analysis.html",
    }
    write_atomically(paths["checks"], _checks_csv(records))
    write_atomically(paths["totals"], _totals_csv(records))
    write_atomically(paths["results"], json.dumps(records, indent=1))
    rates = item_analysis(records)
    write_atomically(paths["items"], _items_csv(rates))
    _chart(rates, paths["chart"])
    write_atomically(paths["analysis"], _analysis_html(rates, len({r["student"] for r in records})))
    for student, page in feedback_pages(records).items():
        write_atomically(out / "feedback" / f"{student}.html", page)
    return paths


def _csv(header: list[str], rows) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _checks_csv(records: list[dict]) -> str:
    rows = [
        [r["student"], r["assignment"], e["id"], c["name"], int(c["passed"]), 1]
        for r in records
        for e in r["report"]["exercises"]
        for c in e["checks"]
    ]
    return _csv(["student", "assignment", "exercise", "check", "points", "max"], rows)


def _totals_csv(records: list[dict]) -> str:
    assignments = sorted({r["assignment"] for r in records})
    scores: dict[str, dict[str, float]] = defaultdict(dict)
    maxima: dict[str, float] = {}
    for r in records:
        scores[r["student"]][r["assignment"]] = (
            scores[r["student"]].get(r["assignment"], 0) + r["report"]["score"]
        )
        maxima[r["assignment"]] = max(maxima.get(r["assignment"], 0), r["report"]["max_score"])
    rows = [
        [student]
        + [f"{scores[student].get(a, 0):g}" for a in assignments]
        + [f"{sum(scores[student].values()):g}", f"{sum(maxima.values()):g}"]
        for student in sorted(scores)
    ]
    return _csv(["student", *assignments, "total", "max"], rows)


def item_analysis(records: list[dict]) -> list[dict]:
    """Pass rate of every check across the class, in course order."""
    counts: dict[tuple, list[int]] = {}
    for r in records:
        for e in r["report"]["exercises"]:
            for c in e["checks"]:
                passed, seen = counts.setdefault((r["assignment"], e["id"], c["name"]), [0, 0])
                counts[(r["assignment"], e["id"], c["name"])] = [passed + c["passed"], seen + 1]
    return [
        {"assignment": a, "exercise": e, "check": c, "passed": p, "submissions": n, "pass_rate": p / n}
        for (a, e, c), (p, n) in counts.items()
    ]


def _items_csv(rates: list[dict]) -> str:
    rows = [
        [r["assignment"], r["exercise"], r["check"], r["passed"], r["submissions"], f"{r['pass_rate']:.3f}"]
        for r in rates
    ]
    return _csv(["assignment", "exercise", "check", "passed", "submissions", "pass_rate"], rows)


def _chart(rates: list[dict], path: Path) -> None:
    """A horizontal bar per check: which parts of which exercise the class finds hard."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [f"{r['exercise']}::{r['check']}" for r in rates] or ["(no checks)"]
    values = [100 * r["pass_rate"] for r in rates] or [0]
    fig, ax = plt.subplots(figsize=(8, 0.22 * len(labels) + 1.2))
    colors = ["#c0392b" if v < 50 else "#e67e22" if v < 80 else "#27ae60" for v in values]
    ax.barh(range(len(labels)), values, color=colors)
    ax.set_yticks(range(len(labels)), labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("submissions passing the check (%)")
    ax.set_title("Item analysis: pass rate per check")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _analysis_html(rates: list[dict], students: int) -> str:
    hardest = sorted(rates, key=lambda r: r["pass_rate"])[:10]
    rows = "".join(
        f"<tr><td>{html.escape(r['exercise'])}</td><td>{html.escape(r['check'])}</td>"
        f"<td>{r['passed']}/{r['submissions']}</td><td>{100 * r['pass_rate']:.0f}%</td></tr>"
        for r in hardest
    )
    return (
        f"<!doctype html><meta charset='utf-8'><title>Item analysis</title>"
        f"<h1>Item analysis ({students} students)</h1><h2>Hardest checks</h2>"
        f"<table border=1 cellpadding=4><tr><th>exercise</th><th>check</th><th>passed</th><th>rate</th></tr>{rows}"
        f"</table><h2>Every check</h2><img src='item_analysis.png' alt='pass rate per check'>"
    )


def feedback_pages(records: list[dict]) -> dict[str, str]:
    """One page per student with, per assignment, the same report they see inline."""
    from autograder.report import CheckResult, ExerciseResult, render_exercise

    by_student: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_student[r["student"]].append(r)
    pages = {}
    for student, mine in by_student.items():
        sections = []
        for r in mine:
            lines = []
            for e in r["report"]["exercises"]:
                checks = [CheckResult(c["name"], c["passed"], c["message"]) for c in e["checks"]]
                title = e["id"]
                lines.extend(render_exercise(ExerciseResult(e["id"], title, checks)))
                lines.append("")
            lines.extend(n for n in r["notes"] if n not in lines)
            text = html.escape("\n".join(lines))
            text = text.replace("  PASS ", "  <b style='color:#27ae60'>PASS</b> ").replace(
                "  FAIL ", "  <b style='color:#c0392b'>FAIL</b> "
            )
            score = f"{r['report']['score']:g}/{r['report']['max_score']:g}"
            sections.append(f"<h2>{html.escape(r['assignment'])}: {score}</h2><pre>{text}</pre>")
        pages[student] = (
            f"<!doctype html><meta charset='utf-8'><title>Feedback for {html.escape(student)}</title>"
            f"<h1>Feedback for {html.escape(student)}</h1>" + "".join(sections)
        )
    return pages
