"""Reusable checks. Each returns None when it passes, or the findings (`autograder.findings`) that say why not.

- `tensors`: one tensor against another: type, shape, dtype, finiteness, then values.
- `hints`: names that look like typos, renames, extra containers, Python lists, plain tensors.
- `structure`: parameter names, shapes, buffers and state_dict keys of a module.
- `forward`: forward outputs against the reference with the same weights, with a shape trace on failure.
- `functions`: one-probe exercises judged field by field, and the known mistake an observation matches.

An exercise's own checks build on their public functions (`structure.names_differ`, `structure.shapes_differ`,
`structure.frozen_differ`, `forward.output_problem`, ...); a `_private` name is this folder's own.
"""
