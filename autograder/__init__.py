"""Autograder for the nn.Module course.

In a notebook: `from autograder import check, grade`. From a terminal: `python -m autograder check FILE`.
Importing this package does not import torch; `check` and `grade` load it when first called.
"""


def __getattr__(name: str):
    if name in ("check", "grade"):
        from autograder.frontends import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'autograder' has no attribute {name!r}")


__all__ = ["check", "grade"]
