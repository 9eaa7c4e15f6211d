"""Helpers for exercises whose answer is a function: one probe, judged field by field."""

from __future__ import annotations

from collections.abc import Callable


def single(judge: Callable) -> Callable:
    """Wraps a judge of (ctx, student, expected) for a one-probe exercise; a raised error fails it."""

    def wrapper(ctx) -> str | None:
        student, expected = ctx.student[0], ctx.expected[0]
        if "error" in student:
            return student["error"]
        return judge(ctx, student, expected)

    wrapper.__name__ = judge.__name__
    return wrapper


def with_likely_cause(ctx, text: str, same: Callable[[dict, dict], bool]) -> str:
    """Adds the message of the first known mistake whose observation equals the student's."""
    mistakes = ctx.matching_mistakes(same)
    return text + ("\nLikely cause: " + mistakes[0] if mistakes else "")
