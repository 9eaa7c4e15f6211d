"""What grading produces: data. Its words are written only at the edge, in the reader's language.

A report holds findings (see `autograder.findings`) and nothing worded: each check's findings, the notes about
the whole submission (cells that raised, what the code printed, protections this machine lacks) and, when the
grader itself failed, its fault. The renderers walk those findings in a language (`autograder.i18n`): plain
text here (`Report.to_text`, `render_exercise`), HTML in `autograder.render_html`, JSON in `Report.to_dict`.

The JSON keeps the worded fields existing consumers read (`message`, `notes`, `fault`, `title`), rendered in
the report's language, with the findings alongside (`findings`, `note_findings`, `fault_finding`), so a report
survives JSON and back: `Report.from_dict(report.to_dict()) == report`.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field

from autograder import i18n
from autograder.findings import Finding


def _findings(items) -> list[Finding]:
    """Findings from JSON; a bare sentence (a report written before findings) is kept as a `grader_note`."""
    return [
        Finding.from_dict(item)
        if isinstance(item, dict)
        else Finding("grader_note", data={"text": str(item)})
        for item in items or ()
    ]


@dataclass
class CheckResult:
    """One check of one exercise: passed or not, and what it found (a `passed` finding when it passed)."""

    name: str
    passed: bool
    findings: list[Finding] = field(default_factory=list)

    def message(self, lang: str | None = None) -> str:
        """The findings worded in `lang`, on their own (see `ExerciseResult.messages` for a whole exercise)."""
        return i18n.render_all(self.findings, lang)

    def to_dict(self, lang: str | None = None, message: str | None = None) -> dict:
        return {
            "name": self.name,
            "passed": self.passed,
            "message": self.message(lang) if message is None else message,
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, d: dict) -> CheckResult:
        found = _findings(d.get("findings"))
        if not found and d.get("message"):
            found = _findings([d["message"]])
        return cls(d["name"], d["passed"], found)


@dataclass
class ExerciseResult:
    id: str
    title: str  # the exercise's own (English) title; `heading` words it in a language
    checks: list[CheckResult]

    @property
    def score(self) -> float:
        return float(sum(c.passed for c in self.checks))

    @property
    def max_score(self) -> float:
        return float(len(self.checks))

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    def heading(self, lang: str | None = None) -> str:
        """The exercise's title in `lang` (the catalogue's `[titles]`, else its own)."""
        return i18n.title(self.id, self.title, lang)

    def messages(self, lang: str | None = None) -> dict[str, str]:
        """Each check's findings worded in `lang`, by check name.

        A long fact several failed checks would repeat (a student's error message, say) is written in full in
        the first, and the others point to it (`i18n.render_all`'s `shown`).
        """
        shown: dict[str, str] = {}
        return {
            c.name: i18n.render_all(c.findings, lang, shown=None if c.passed else shown) for c in self.checks
        }

    def to_dict(self, lang: str | None = None) -> dict:
        said = self.messages(lang)
        return {
            "id": self.id,
            "title": self.heading(lang),
            "score": self.score,
            "max_score": self.max_score,
            "passed": self.passed,
            "checks": [c.to_dict(lang, said[c.name]) for c in self.checks],
        }

    @classmethod
    def from_dict(cls, d: dict) -> ExerciseResult:
        from autograder.exercises import EXERCISES

        known = EXERCISES.get(d["id"])
        title = known.title if known else d.get("title", d["id"])
        return cls(d["id"], title, [CheckResult.from_dict(c) for c in d["checks"]])


@dataclass
class Report:
    submission: str
    exercises: list[ExerciseResult]
    notes: list[Finding] = field(default_factory=list)  # about the whole submission, not one check
    # Set when the grader itself failed (its worker or the jail could not start): the submission was not
    # graded, and nothing in this report is the student's fault.
    fault: Finding | None = None
    lang: str = i18n.DEFAULT  # the reader's language: what the renderers use unless told another

    @property
    def score(self) -> float:
        return sum(e.score for e in self.exercises)

    @property
    def max_score(self) -> float:
        return sum(e.max_score for e in self.exercises)

    @property
    def passed(self) -> bool:
        return all(e.passed for e in self.exercises)

    def to_dict(self, lang: str | None = None) -> dict:
        lang = lang or self.lang
        return {
            "submission": self.submission,
            "status": "grader_fault" if self.fault else "graded",
            "fault": i18n.render(self.fault, lang) if self.fault else None,
            "fault_finding": self.fault.to_dict() if self.fault else None,
            "score": self.score,
            "max_score": self.max_score,
            "lang": lang,
            "notes": [i18n.render(n, lang) for n in self.notes],
            "note_findings": [n.to_dict() for n in self.notes],
            "exercises": [e.to_dict(lang) for e in self.exercises],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Report:
        fault = d.get("fault_finding") or d.get("fault")
        return cls(
            d.get("submission", ""),
            [ExerciseResult.from_dict(e) for e in d.get("exercises", [])],
            _findings(d["note_findings"] if "note_findings" in d else d.get("notes")),
            _findings([fault])[0] if fault else None,
            d.get("lang", i18n.DEFAULT),
        )

    def to_json(self, lang: str | None = None) -> str:
        return json.dumps(self.to_dict(lang), indent=2)

    def to_text(self, lang: str | None = None) -> str:
        lang = lang or self.lang
        lines = []
        if self.fault:
            lines.append(i18n.text("not_graded", lang, reason=i18n.render(self.fault, lang)))
        for e in self.exercises:
            lines.extend(render_exercise(e, lang))
            lines.append("")
        lines.extend(render_notes(self.notes, lang))
        lines.append(i18n.text("total", lang, score=_points(self.score), max_score=_points(self.max_score)))
        return "\n".join(lines)


def _points(x: float) -> str:
    return f"{x:g}"


def width(text: str) -> int:
    """Columns `text` takes in a terminal: a Chinese character takes two (通过 is as wide as PASS)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render_notes(notes: list[Finding], lang: str | None = None) -> list[str]:
    """The notes, each worded in `lang`, as lines."""
    return [line for n in notes for line in i18n.render(n, lang).split("\n")]


def render_exercise(e: ExerciseResult, lang: str | None = None) -> list[str]:
    """An exercise as text: its heading, then a line per check (`[report] check_line`); a message's further
    lines are indented to start under its first."""
    heading = i18n.text(
        "exercise_passed" if e.passed else "exercise_failed",
        lang,
        title=e.heading(lang),
        id=e.id,
        score=_points(e.score),
        max_score=_points(e.max_score),
    )
    lines = [heading]
    said = e.messages(lang)
    for c in e.checks:
        mark = i18n.text("pass" if c.passed else "fail", lang)
        first, *rest = said[c.name].splitlines() or [""]
        lines.append(i18n.text("check_line", lang, mark=mark, name=c.name, message=first))
        indent = " " * width(i18n.text("check_line", lang, mark=mark, name="\0", message="").split("\0")[0])
        lines.extend(f"{indent}{line}" if line else "" for line in rest)
    return lines
