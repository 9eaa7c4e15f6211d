"""Autograder for the nn.Module course.

In a notebook: `from autograder import check, grade` (and `set_language("zh-CN")` for feedback in Chinese).
From a terminal: `python -m autograder check FILE [--lang zh-CN]`. Importing this package does not import
torch; `check` and `grade` load it when first called.
"""

import os

NOTEBOOK_API = ("check", "grade", "set_language")


def _not_in_the_sandbox(*args, **kwargs) -> None:
    """`check`, `grade` and `set_language` inside the grader's sandbox: the grader runs the checks itself,
    outside, in the language it was asked for."""
    return None


def __getattr__(name: str):
    if name in NOTEBOOK_API and os.environ.get("AUTOGRADER_SANDBOX"):
        # A notebook's `from autograder import check, grade` runs in the jail too, where the notebook API
        # (and the reference it compares with) does not exist: the import must still work.
        return _not_in_the_sandbox
    if name in NOTEBOOK_API:
        from autograder.frontends import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'autograder' has no attribute {name!r}")


__all__ = ["check", "grade", "set_language"]
