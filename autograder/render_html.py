"""The report as HTML: inline in the notebook (`check()`, `grade()`) and in class grading's feedback pages.

One renderer over `Report` / `ExerciseResult` / `CheckResult`, the same data the text report reads. What it
promises, and tests/test_report_html.py checks:

- Self-contained: inline `style` attributes only (no `<style>` block, which JupyterLab strips from untrusted
  output, no scripts, no fonts or images from anywhere), so it works offline and in nbgrader's feedback pages.
- Readable in light and dark themes: text inherits the theme's colour; badges are white on green or red, and
  every tint is a translucent colour that reads on both backgrounds.
- Prose wraps between words only (never "ind ex"); code (`<code>`) may break after a dot or an underscore and,
  as a last resort, anywhere, so one long identifier can never widen the page.
- Markdown's backticks become `<code>`; none is shown literally.

Every word comes from the report's language (`autograder.i18n`, the `[report]` table): the same templates as
the text report, and the few labels only the HTML has.

Failing checks come first, under "What to fix", each finding worded line by line: the values it names as
`expected` and `found` are tinted green and red wherever its template puts them, in any language, and a shape
trace (a `shape_trace` finding) becomes a small table with the first step where yours differs highlighted.
Passing checks are folded into one `<details>`. Nothing here reads a worded message back: every part comes
from the findings.
"""

from __future__ import annotations

import html
import re

from autograder import i18n
from autograder.findings import Finding
from autograder.report import CheckResult, ExerciseResult, Report

GREEN = "#1b7f3b"
RED = "#c42b1c"
TINT_RED = "rgba(196, 43, 28, 0.16)"
TINT_GREEN = "rgba(27, 127, 59, 0.16)"
TINT_GREY = "rgba(127, 127, 127, 0.15)"
LINE_GREY = "rgba(127, 127, 127, 0.35)"

# Prose wraps at spaces only: JupyterLab's output area breaks words anywhere (`word-break: break-all`) unless
# told otherwise, which is where "ind ex" came from.
ROOT = (
    "font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; font-size: 13px; line-height: 1.45;"
    " color: inherit; white-space: normal; word-break: normal; overflow-wrap: normal; max-width: 100%;"
    " box-sizing: border-box; padding: 2px 0"
)
CODE = (
    f"font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.95em;"
    f" background: {TINT_GREY}; padding: 0 3px; border-radius: 3px; white-space: normal; word-break: normal;"
    " overflow-wrap: anywhere"
)
PRE = (
    f"font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; margin: 4px 0;"
    f" padding: 6px 8px; background: {TINT_GREY}; border-radius: 4px; white-space: pre-wrap;"
    " word-break: normal; overflow-wrap: anywhere; max-width: 100%; box-sizing: border-box"
)
BADGE = (
    "display: inline-block; min-width: 3.2em; text-align: center; font-size: 11px; font-weight: 700;"
    " letter-spacing: 0.04em; color: #fff; border-radius: 3px; padding: 1px 6px; margin-right: 6px;"
    " vertical-align: 1px; background: {color}"
)
CELL = f"padding: 2px 8px; border-bottom: 1px solid {LINE_GREY}; text-align: left; vertical-align: top"

_CODE_SPAN = re.compile(r"`([^`\n]+)`")
# A value the template calls `expected` or `found` is wrapped in these marks as the finding is worded (they
# survive escaping and code spans), then the marks become tinted spans. Marks a submission sent are dropped.
_MARKS = {"expected": ("\ue000", "\ue001", TINT_GREEN), "found": ("\ue002", "\ue003", TINT_RED)}
_ANY_MARK = re.compile("[\ue000-\ue003]")


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def template(key: str, lang: str, **values: str) -> str:
    """A whole template of the report's language as HTML: its text escaped, `values` (already HTML) put in."""
    found = i18n.catalogue(i18n.resolve(lang)).get("report", {}).get(key)
    source = found if found is not None else i18n.MISSING.format(key=f"report.{key}")
    marks = {name: f"\x00{i}\x00" for i, name in enumerate(values)}
    out = _escape(source.format(**marks))
    for name, mark in marks.items():
        out = out.replace(mark, values[name])
    return out


def _separator(lang: str) -> str:
    return _escape(i18n.catalogue(i18n.resolve(lang)).get("format", {}).get("sep", ", "))


def code(text: str) -> str:
    """`text` in code style, with break opportunities after dots and underscores (`inc.double_conv.0.bias`)."""
    inner = re.sub(r"([._/])", r"\1<wbr>", _escape(text))
    return f'<code style="{CODE}">{inner}</code>'


def inline(text: str) -> str:
    """One line of a message as HTML: escaped, `code` as <code>, a stray backtick inside <code> as well."""
    parts = []
    for i, piece in enumerate(_CODE_SPAN.split(text)):
        if i % 2:
            parts.append(code(piece))
        else:
            parts.append(_escape(piece).replace("`", f'<code style="{CODE}">&#96;</code>'))
    line = "".join(parts)
    for start, end, tint in _MARKS.values():
        line = line.replace(start, f'<span style="background: {tint}; border-radius: 3px; padding: 0 2px">')
        line = line.replace(end, "</span>")
    return line


def _mark(name: str, text: str) -> str:
    """`text`, the value of field `name`, between the marks `inline` tints (only `expected` and `found`)."""
    text = _ANY_MARK.sub("", text)
    if name in _MARKS and text and "\n" not in text:
        start, end, _ = _MARKS[name]
        return f"{start}{text}{end}"
    return text


def badge(passed: bool, lang: str = i18n.DEFAULT) -> str:
    label, color = (template("pass", lang), GREEN) if passed else (template("fail", lang), RED)
    return f'<span style="{BADGE.format(color=color)}">{label}</span>'


def same_step(mine: tuple[str, str], expected: tuple[str, str]) -> bool:
    """Whether two steps of a shape trace agree: the same shape, and the same layer name unless either step is
    a function call ("relu()", "max_pool2d()", "flatten()").

    Layer names are the contract's, so they must agree; whether an activation, a pooling or a flattening is a
    function or a layer (F.relu or an nn.ReLU named `act`, torch.flatten or nn.Flatten) is the student's
    choice, and only its shape counts.
    """
    (name, shape), (other, other_shape) = mine, expected
    if shape != other_shape:
        return False
    return name == other or name.endswith("()") or other.endswith("()")


def first_difference(mine: list[tuple[str, str]], expected: list[tuple[str, str]]) -> int | None:
    """The index of the first step where the student's trace parts from the expected one (None: never)."""
    return next(
        (
            i
            for i in range(max(len(mine), len(expected)))
            if i >= len(mine) or i >= len(expected) or not same_step(mine[i], expected[i])
        ),
        None,
    )


def trace_table(
    mine: list[tuple[str, str]], expected: list[tuple[str, str]], lang: str = i18n.DEFAULT
) -> str:
    """Your shapes beside the reference's, step by step; the first step where they differ (`same_step`) is
    highlighted."""
    rows = []
    first = first_difference(mine, expected)
    for i in range(max(len(mine), len(expected))):
        cells = []
        for steps in (mine, expected):
            name, shape = steps[i] if i < len(steps) else ("", "")
            cells.append(f"{code(name)} {_escape(shape)}" if name and name != "..." else _escape(name or "-"))
        style = f"background: {TINT_RED}; font-weight: 600" if i == first else ""
        marker = template("first_difference", lang) if i == first else ""
        rows.append(
            f'<tr style="{style}"><td style="{CELL}">{i + 1}</td><td style="{CELL}">{cells[0]}</td>'
            f'<td style="{CELL}">{cells[1]}</td><td style="{CELL}; font-size: 11px">{marker}</td></tr>'
        )
    labels = [template(k, lang) for k in ("trace_step", "trace_yours", "trace_expected")]
    head = "".join(f'<th style="{CELL}">{h}</th>' for h in (*labels, ""))
    return (
        f'<table style="border-collapse: collapse; margin: 4px 0 4px 4px; font-size: 12px; max-width: 100%">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _trace_steps(steps: list, lang: str) -> list[tuple[str, str]]:
    return [(str(name), i18n.fmt_shape(shape, lang)) for name, shape in steps]


def _lines_html(text: str) -> str:
    """Worded lines as HTML: indented lines stay indented, empty ones go."""
    out = []
    for line in text.splitlines():
        if not line.strip():
            continue
        indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
        out.append(f'<div style="margin: 1px 0 1px {min(indent, 12) * 0.5}em">{inline(line.strip())}</div>')
    return "".join(out)


def findings_html(findings: list[Finding], lang: str = i18n.DEFAULT, shown: dict | None = None) -> str:
    """A check's findings as HTML, each worded in `lang`; a shape trace as a table; every further finding
    indented under the first (as `i18n.render_all` writes them). `shown`: see `ExerciseResult.messages`."""
    out = []
    for i, f in enumerate(findings):
        if f.code == "shape_trace" and isinstance(f.data.get("found"), list):
            found = _trace_steps(f.data["found"], lang)
            expected = _trace_steps(f.data.get("expected") or [], lang)
            out.append(trace_table(found, expected, lang))
            continue
        text = i18n.render(f, lang, shown=shown, mark=_mark)
        out.append(_lines_html("\n".join("  " + line for line in text.split("\n")) if i else text))
    return "".join(out)


def _check_html(c: CheckResult, lang: str, shown: dict | None) -> str:
    return (
        f'<div style="margin: 6px 0; padding: 4px 0 4px 8px; border-left: 3px solid {GREEN if c.passed else RED}">'
        f'<div>{badge(c.passed, lang)}<b style="font-family: ui-monospace, Menlo, Consolas, monospace">'
        f"{_escape(c.name)}</b></div>"
        f'<div style="margin-top: 2px">{findings_html(c.findings, lang, shown)}</div></div>'
    )


def score_bar(score: float, max_score: float) -> str:
    share = 100.0 * score / max_score if max_score else 0.0
    color = GREEN if score == max_score else RED if score == 0 else "#c77c02"
    return (
        f'<div style="height: 8px; border-radius: 4px; background: {TINT_GREY}; margin: 4px 0 8px;'
        f' overflow: hidden; max-width: 420px" title="{score:g} of {max_score:g} points">'
        f'<div style="height: 100%; width: {share:.1f}%; background: {color}"></div></div>'
    )


def exercise_html(e: ExerciseResult, lang: str = i18n.DEFAULT) -> str:
    """One exercise: title, score and bar, what to fix, then the passing checks folded."""
    failed = [c for c in e.checks if not c.passed]
    passed = [c for c in e.checks if c.passed]
    shown: dict[
        str, str
    ] = {}  # see `ExerciseResult.messages`: failed checks in their order, as the text says
    heading = template(
        "exercise_passed" if e.passed else "exercise_failed",
        lang,
        title=f"<b>{_escape(e.heading(lang))}</b>",
        id=code(e.id),
        score=f"{e.score:g}",
        max_score=f"{e.max_score:g}",
    )
    parts = [f'<div style="font-size: 14px">{heading}</div>', score_bar(e.score, e.max_score)]
    if failed:
        parts.append(f'<div style="font-weight: 700; margin-top: 6px">{template("what_to_fix", lang)}</div>')
        parts.extend(_check_html(c, lang, shown) for c in failed)
    if passed:
        names = _separator(lang).join(code(c.name) for c in passed)
        summary = template("checks_pass", lang, count=str(len(passed)), checks=names)
        parts.append(
            f'<details style="margin: 6px 0"><summary style="cursor: pointer">{badge(True, lang)}{summary}'
            "</summary>" + "".join(_check_html(c, lang, None) for c in passed) + "</details>"
        )
    return f'<div style="margin: 4px 0 10px">{"".join(parts)}</div>'


def fault_html(fault: Finding, lang: str = i18n.DEFAULT) -> str:
    """The grader's own failure, worded in `lang`: nothing in the report is the student's doing."""
    reason = inline(i18n.render(fault, lang))
    return (
        f'<div style="margin: 6px 0; padding: 6px 10px; border: 1px solid {RED}; border-radius: 4px;'
        f' background: {TINT_RED}">{template("not_graded", lang, reason=reason)}</div>'
    )


def note_html(note: Finding, lang: str = i18n.DEFAULT) -> str:
    """A note: its first line as prose; the rest of a note of several lines (a cell's error, printed output)
    keeps its lines."""
    first, *rest = i18n.render(note, lang).split("\n", 1)
    body = f'<pre style="{PRE}">{_escape(rest[0])}</pre>' if rest and rest[0].strip() else ""
    return f'<div style="margin: 4px 0">{inline(first)}{body}</div>'


def notes_html(notes: list[Finding], lang: str = i18n.DEFAULT, title: bool = True) -> str:
    if not notes:
        return ""
    heading = (
        f'<div style="font-weight: 700; margin-top: 8px">{template("notes", lang)}</div>' if title else ""
    )
    return heading + "".join(note_html(n, lang) for n in notes)


def wrap(body: str) -> str:
    """The outer box every rendering shares."""
    return f'<div class="autograder-report" style="{ROOT}">{body}</div>'


def report_html(report: Report) -> str:
    """A whole report: the grader's fault if any, every exercise, the notes and the total."""
    lang = report.lang
    parts = [fault_html(report.fault, lang)] if report.fault else []
    parts.extend(exercise_html(e, lang) for e in report.exercises)
    parts.append(notes_html(report.notes, lang))
    if len(report.exercises) > 1:
        total = template("total", lang, score=f"{report.score:g}", max_score=f"{report.max_score:g}")
        parts.append(f"<div style='margin-top: 6px'><b>{total}</b></div>")
    return wrap("".join(parts))
