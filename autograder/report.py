"""What grading produces, and how it reads: plain text for terminals and notebooks, JSON for machines.

A check result carries its `findings` (data, see `autograder.findings`) and `message`, those findings
rendered in the report's language (`autograder.i18n`). JSON keeps both, so a report survives JSON and back:
`Report.from_dict(report.to_dict()) == report`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from autograder import i18n
from autograder.findings import Finding


@dataclass
class CheckResult:
    name: str
    passed: bool
    message: str
    findings: list[Finding] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "passed": self.passed,
            "message": self.message,
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, d: dict) -> CheckResult:
        findings = [Finding.from_dict(f) for f in d.get("findings", [])]
        return cls(d["name"], d["passed"], d["message"], findings)


@dataclass
class ExerciseResult:
    id: str
    title: str
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

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "score": self.score,
            "max_score": self.max_score,
            "passed": self.passed,
            "checks": [c.to_dict() for c in self.checks],
        }

    @classmethod
    def from_dict(cls, d: dict) -> ExerciseResult:
        return cls(d["id"], d.get("title", d["id"]), [CheckResult.from_dict(c) for c in d["checks"]])


@dataclass
class Report:
    submission: str
    exercises: list[ExerciseResult]
    notes: list[str] = field(default_factory=list)
    # Set when the grader itself failed (its worker or the jail could not start): the submission was not
    # graded, and nothing in this report is the student's fault.
    fault: str | None = None
    lang: str = i18n.DEFAULT  # the language of every message and note

    @property
    def score(self) -> float:
        return sum(e.score for e in self.exercises)

    @property
    def max_score(self) -> float:
        return sum(e.max_score for e in self.exercises)

    @property
    def passed(self) -> bool:
        return all(e.passed for e in self.exercises)

    def to_dict(self) -> dict:
        return {
            "submission": self.submission,
            "status": "grader_fault" if self.fault else "graded",
            "fault": self.fault,
            "score": self.score,
            "max_score": self.max_score,
            "lang": self.lang,
            "notes": list(self.notes),
            "exercises": [e.to_dict() for e in self.exercises],
        }

    @classmethod
    def from_dict(cls, d: dict) -> Report:
        return cls(
            d["submission"],
            [ExerciseResult.from_dict(e) for e in d["exercises"]],
            list(d.get("notes", [])),
            d.get("fault"),
            d.get("lang", i18n.DEFAULT),
        )

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def to_text(self) -> str:
        lines = []
        if self.fault:
            lines.append(i18n.text("not_graded", self.lang, reason=self.fault))
        for e in self.exercises:
            lines.extend(render_exercise(e, self.lang))
            lines.append("")
        lines.extend(self.notes)
        lines.append(
            i18n.text("total", self.lang, score=_points(self.score), max_score=_points(self.max_score))
        )
        return "\n".join(lines)


def _points(x: float) -> str:
    return f"{x:g}"


def render_exercise(e: ExerciseResult, lang: str = i18n.DEFAULT) -> list[str]:
    heading = i18n.text(
        "exercise_passed" if e.passed else "exercise_failed",
        lang,
        title=e.title,
        id=e.id,
        score=_points(e.score),
        max_score=_points(e.max_score),
    )
    lines = [heading]
    for c in e.checks:
        mark = i18n.text("pass" if c.passed else "fail", lang)
        first, *rest = c.message.splitlines() or [""]
        lines.append(f"  {mark} {c.name}: {first}")
        lines.extend(f"       {line}" if line else "" for line in rest)
    return lines
