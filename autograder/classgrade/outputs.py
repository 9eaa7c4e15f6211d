"""What class grading writes: per-check and per-student CSVs, the full JSON, the run's summary, feedback pages,
item analysis. Every file is written whole or not at all, and on its own: one that cannot be written (a full
disk, a name the file system refuses) costs that file only. Text that comes from folder names is escaped
(`names.escaped`: no control character, no stray byte) and quoted so a spreadsheet never evaluates it; files
named after a student are named by `names.file_names` (bounded, safe, unique)."""

from __future__ import annotations

import csv
import html
import io
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from autograder import i18n
from autograder.classgrade.discover import FAILED, GRADED, GRADER_FAULT, NOT_SUBMITTED, PENDING
from autograder.classgrade.names import escaped, file_names
from autograder.classgrade.outfolder import write_atomically

SCORED = (GRADED, FAILED, NOT_SUBMITTED)  # statuses with a score (a failure or no submission is a 0)
NAMES = {
    "totals": "totals.csv",
    "checks": "checks.csv",
    "summary": "summary.json",
    "results": "results.json",
    "feedback": "feedback",
    "analysis": "item_analysis.html",
    "items": "item_analysis.csv",
    "chart": "item_analysis.png",
}


def maxima(assignments) -> dict[str, float]:
    """Each assignment's maximum, from the exercise catalog: the same for every student."""
    from autograder.exercises import ASSIGNMENTS, EXERCISES

    return {a: float(sum(len(EXERCISES[i].checks) for i in ASSIGNMENTS[a])) for a in assignments}


@dataclass
class Written:
    """What `write_all` wrote into `out` and what it could not, by file name relative to `out`."""

    out: Path
    files: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file name, why)
    pages: int = 0  # feedback pages to write, of which `files` holds those written

    def attempt(self, name: str, write: Callable[[Path], None]) -> None:
        """Calls `write(out / name)`; a failure is recorded, never raised: the other outputs go on."""
        try:
            write(self.out / name)
        except (OSError, ValueError) as exc:  # ValueError: text a file cannot hold
            self.failed.append((name, getattr(exc, "strerror", None) or str(exc) or type(exc).__name__))
        else:
            self.files.append(name)

    def pages_written(self) -> int:
        return sum(name.startswith(NAMES["feedback"] + "/") for name in self.files)


def write_all(records: list[dict], summary: dict, out: Path, lang: str | None = None) -> Written:
    """Writes every output into `out`, each on its own, and says which were written and which were not.

    The class's files come first, then the item analysis, then one page per student (named by `file_names`).
    The item analysis is written in `lang` (the run's language); the feedback pages in each report's own.
    """
    written = Written(out)

    def text(content: str) -> Callable[[Path], None]:
        return lambda path: write_atomically(path, content)

    written.attempt(NAMES["results"], text(json.dumps(records, indent=1)))
    written.attempt(NAMES["checks"], text(checks_csv(records)))
    written.attempt(NAMES["totals"], text(totals_csv(records, summary["assignments"])))
    written.attempt(NAMES["summary"], text(json.dumps(summary, indent=1) + "\n"))
    rates = item_analysis(records)
    written.attempt(NAMES["items"], text(_items_csv(rates)))
    written.attempt(NAMES["chart"], lambda path: _chart(rates, path, lang))
    written.attempt(NAMES["analysis"], text(_analysis_html(rates, len(summary["students"]), lang)))
    pages = feedback_pages(records)
    stems = file_names(pages)
    written.pages = len(pages)
    for student, page in pages.items():
        written.attempt(f"{NAMES['feedback']}/{stems[student]}.html", text(page))
    return written


def count(n: int, noun: str, lang: str | None) -> str:
    """`n` with its noun, "1 submission", "8 submissions": a catalogue entry per form (`n_<noun>_one`, `n_<noun>`)."""
    return i18n.text(f"n_{noun}_one" if n == 1 else f"n_{noun}", lang, n=n)


def spreadsheet_safe(text: str) -> str:
    """A text field a spreadsheet shows as text: one starting like a formula gets a leading quote (OWASP)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(header: list[str], rows) -> str:
    """A CSV whose text fields are escaped text (`names.escaped`: one line each) that no spreadsheet runs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([spreadsheet_safe(escaped(v)) if isinstance(v, str) else v for v in row] for row in rows)
    return buffer.getvalue()


def _points(x: float) -> str:
    return f"{x:g}"


def checks_csv(records: list[dict]) -> str:
    """One row per student and check. A submission not graded (grader fault, interrupted) has empty points."""
    from autograder.exercises import ASSIGNMENTS, EXERCISES

    rows = []
    for r in records:
        if r["status"] in SCORED:
            rows.extend(
                [r["student"], r["assignment"], e["id"], c["name"], int(c["passed"]), 1, r["status"]]
                for e in r["report"]["exercises"]
                for c in e["checks"]
            )
        else:
            rows.extend(
                [r["student"], r["assignment"], i, c.name, "", 1, r["status"]]
                for i in ASSIGNMENTS[r["assignment"]]
                for c in EXERCISES[i].checks
            )
    return _csv(["student", "assignment", "exercise", "check", "points", "max", "status"], rows)


def totals_csv(records: list[dict], assignments: list[str]) -> str:
    """One row per student: a score per assignment (empty if it was not graded), total, max, status.

    Status is `graded`, or names what the total lacks: `grader_fault: 01_modules`, `pending: 04_custom_layers`.
    """
    top = maxima(assignments)
    by_student: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in records:
        by_student[r["student"]][r["assignment"]] = r
    rows = []
    for student in sorted(by_student):
        mine = by_student[student]
        cells, total, problems = [], 0.0, []
        for a in assignments:
            r = mine.get(a)
            if r is not None and r["status"] in SCORED:
                score = min(r["report"]["score"], top[a])  # never above the catalog's maximum
                cells.append(_points(score))
                total += score
            else:
                cells.append("")
                problems.append(f"{r['status'] if r else PENDING}: {a}")
        rows.append(
            [student, *cells, _points(total), _points(sum(top.values())), "; ".join(problems) or GRADED]
        )
    return _csv(["student", *assignments, "total", "max", "status"], rows)


def item_analysis(records: list[dict]) -> list[dict]:
    """Pass rate of every check across the class, in course order."""
    counts: dict[tuple, list[int]] = {}
    for r in records:
        if r["status"] not in (GRADED, FAILED):
            continue  # no submission, or none graded: nothing to learn about the checks
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


# Fonts with Chinese glyphs that matplotlib may find on an instructor's machine (Linux, macOS, Windows).
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "PingFang SC",
    "Heiti SC",
    "Microsoft YaHei",
    "SimHei",
)


def chart_language(lang: str | None) -> tuple[str | None, str | None]:
    """The language the chart's words (its title and axis label) are drawn in, and the font to draw them with.

    Chinese needs a font with Chinese glyphs. Where none is installed the chart draws no words (None): only
    identifiers (`exercise::check`) and numbers, and the page says its title and axis label instead
    (`_analysis_html`), in the page's language: boxes instead of characters, or English on a Chinese page,
    would help nobody.
    """
    lang = i18n.resolve(lang)
    if lang == i18n.DEFAULT:
        return lang, None
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    font = next((name for name in CJK_FONTS if name in installed), None)
    return (lang, font) if font else (None, None)


def _chart(rates: list[dict], path: Path, lang: str | None = None) -> None:
    """A horizontal bar per check: which parts of which exercise the class finds hard. Its words are drawn
    only in a language the installed fonts can write (`chart_language`); otherwise the page says them."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    drawn_in, font = chart_language(lang)  # None: the chart draws no words
    style = {"font.family": [font, "DejaVu Sans"]} if font else {}
    nothing = [i18n.text("analysis_no_checks", drawn_in) if drawn_in else ""]
    labels = [f"{r['exercise']}::{r['check']}" for r in rates] or nothing
    values = [100 * r["pass_rate"] for r in rates] or [0]
    with plt.rc_context(style):
        fig, ax = plt.subplots(figsize=(8, 0.22 * len(labels) + 1.2))
        colors = ["#c0392b" if v < 50 else "#e67e22" if v < 80 else "#27ae60" for v in values]
        ax.barh(range(len(labels)), values, color=colors)
        ax.set_yticks(range(len(labels)), labels, fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        if drawn_in:
            ax.set_xlabel(i18n.text("analysis_chart_axis", drawn_in))
            ax.set_title(i18n.text("analysis_chart_title", drawn_in))
        fig.tight_layout()
        image = io.BytesIO()
        fig.savefig(image, dpi=100, format="png")
        plt.close(fig)
    write_atomically(path, image.getvalue())


def _analysis_html(rates: list[dict], students: int, lang: str | None = None) -> str:
    def say(key: str, **values) -> str:
        return html.escape(i18n.text(key, lang, **values), quote=True)

    hardest = sorted(rates, key=lambda r: r["pass_rate"])[:10]
    rows = "".join(
        f"<tr><td>{html.escape(r['exercise'])}</td><td>{html.escape(r['check'])}</td>"
        f"<td>{r['passed']}/{r['submissions']}</td><td>{100 * r['pass_rate']:.0f}%</td></tr>"
        for r in hardest
    )
    header = "".join(
        f"<th>{say(key)}</th>"
        for key in ("analysis_exercise", "analysis_check", "analysis_passed", "analysis_rate")
    )
    caption = ""
    if chart_language(lang)[0] is None:  # the chart has no words: its title and axis label are said here
        title, axis = (i18n.text(key, lang) for key in ("analysis_chart_title", "analysis_chart_axis"))
        caption = f"<figcaption>{say('analysis_chart_caption', title=title, axis=axis)}</figcaption>"
    return (
        f"<!doctype html><html lang='{i18n.resolve(lang)}'><meta charset='utf-8'><title>{say('analysis_title')}</title>"
        f"<h1>{say('analysis_heading', students=count(students, 'students', lang))}</h1>"
        f"<h2>{say('analysis_hardest')}</h2>"
        f"<table border=1 cellpadding=4><tr>{header}</tr>{rows}</table>"
        f"<h2>{say('analysis_every_check')}</h2>"
        f"<figure><img src='item_analysis.png' alt='{say('analysis_chart_alt')}'>{caption}</figure>"
    )


def feedback_pages(records: list[dict]) -> dict[str, str]:
    """One page per student with, per assignment, the same report they see inline (`autograder.render_html`)."""
    from autograder import i18n
    from autograder.findings import finding
    from autograder.render_html import exercise_html, fault_html, notes_html, wrap
    from autograder.report import Report

    def said(texts: list[str]) -> list:
        """Lines class grading wrote in the run's language (discovery's notes), as notes to render."""
        return [finding("grader_note", text=t) for t in texts]

    by_student: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_student[r["student"]].append(r)
    pages = {}
    for student, mine in by_student.items():
        sections = []
        for r in mine:
            top = maxima([r["assignment"]])[r["assignment"]]
            lang = (r.get("report") or {}).get("lang") or i18n.DEFAULT
            graded = r["notebook"] and r["status"] in SCORED
            head = [i18n.text("feedback_graded", lang, notebook=r["notebook"])] if graded else []
            head.extend(r.get("folder_notes", []))
            body = []
            report = Report.from_dict(r["report"]) if r.get("report") else None
            if r["status"] == GRADER_FAULT:
                fault = report.fault if report and report.fault else finding("grader_note", text=r["reason"])
                body.append(fault_html(fault, lang))
            elif r["status"] == PENDING:
                head.append(i18n.text("feedback_pending", lang))
            elif r["status"] in (FAILED, NOT_SUBMITTED):
                head.append(i18n.text("feedback_every_check_fails", lang, reason=r["reason"]))
            else:
                body.extend(exercise_html(e, lang) for e in report.exercises)
                body.append(notes_html(report.notes, lang))
            score = (
                _points(r["report"]["score"])
                if r["status"] in SCORED
                else i18n.text("feedback_not_graded", lang)
            )
            sections.append(
                f"<h2>{html.escape(r['assignment'])}: {score}/{_points(top)}</h2>"
                + wrap(notes_html(said(head), lang, title=False))
                + wrap("".join(body))
            )
        langs = [(r.get("report") or {}).get("lang") for r in mine]
        page_lang = next((x for x in langs if x), i18n.DEFAULT)
        heading = i18n.text("feedback_for", page_lang, student=html.escape(escaped(student)))
        pages[student] = (
            f"<!doctype html><html lang='{page_lang}'><meta charset='utf-8'><title>{heading}</title>"
            f"<body style='max-width: 60em; margin: 1em auto; padding: 0 1em; font-family: system-ui, sans-serif'>"
            f"<h1>{heading}</h1>" + "".join(sections)
        )
    return pages
