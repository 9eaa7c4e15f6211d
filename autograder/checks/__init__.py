"""Reusable checks. Each returns None when it passes, or the findings (`autograder.findings`) that say why not.

- `tensors`: one tensor against another: type, shape, dtype, finiteness, then values.
- `hints`: names that look like typos, renames, extra containers, Python lists, plain tensors.
- `structure`: parameter names, shapes, buffers and state_dict keys of a module.
- `forward`: forward outputs against the reference with the same weights, with a shape trace on failure.
"""
