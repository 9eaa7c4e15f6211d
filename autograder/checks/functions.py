"""Helpers for exercises whose answer is a function: one probe, judged field by field."""

from __future__ import annotations

from collections.abc import Callable

from autograder.findings import Finding, finding


def single(judge: Callable) -> Callable:
    """Wraps a judge of (ctx, student, expected) for a one-probe exercise; a raised error fails it."""

    def wrapper(ctx) -> list[Finding] | None:
        student, expected = ctx.student[0], ctx.expected[0]
        if "error" in student:
            return [finding("function_error", error=student["error"])]
        found = judge(ctx, student, expected)
        return [found] if isinstance(found, Finding) else found

    wrapper.__name__ = judge.__name__
    return wrapper


def with_likely_cause(
    ctx, found: list[Finding] | Finding, same: Callable[[dict, dict], bool]
) -> list[Finding]:
    """Adds the first known mistake whose observation equals the student's."""
    found = [found] if isinstance(found, Finding) else list(found)
    return found + ctx.matching_mistakes(same)[:1]
