"""What grading produces, and how it reads: plain text for terminals and notebooks, JSON for machines."""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass
class CheckResult:
    name: str
    passed: bool
    message: str


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


@dataclass
class Report:
    submission: str
    exercises: list[ExerciseResult]
    notes: list[str] = field(default_factory=list)
    # Set when the grader itself failed (its worker or the jail could not start, an import it needs failed):
    # the submission was not graded, and nothing in this report is the student's fault.
    fault: str | None = None

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
            "exercises": [
                {
                    "id": e.id,
                    "score": e.score,
                    "max_score": e.max_score,
                    "passed": e.passed,
                    "checks": [{"name": c.name, "passed": c.passed, "message": c.message} for c in e.checks],
                }
                for e in self.exercises
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def to_text(self) -> str:
        lines = []
        if self.fault:
            lines.append(f"Not graded: the grader failed ({self.fault}). This is not your code's fault.")
        for e in self.exercises:
            lines.extend(render_exercise(e))
            lines.append("")
        lines.extend(self.notes)
        lines.append(f"Total: {_points(self.score)}/{_points(self.max_score)}")
        return "\n".join(lines)


def _points(x: float) -> str:
    return f"{x:g}"


def render_exercise(e: ExerciseResult) -> list[str]:
    verdict = "all checks pass" if e.passed else "needs work"
    lines = [f"{e.title} ({e.id}): {_points(e.score)}/{_points(e.max_score)}, {verdict}"]
    for c in e.checks:
        mark = "PASS" if c.passed else "FAIL"
        first, *rest = c.message.splitlines() or [""]
        lines.append(f"  {mark} {c.name}: {first}")
        lines.extend(f"       {line}" if line else "" for line in rest)
    return lines
