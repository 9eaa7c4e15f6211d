"""Chapter 2's observer: what a function that builds a list of layers returned."""

from __future__ import annotations

from autograder.jailed.observe.common import call_student, clip_name, guarded, lookup_name
from autograder.jailed.observe.module import describe_layer


@guarded
def layer_list(namespace: dict, params: dict) -> dict:
    """Calls a function that should return a list of layers and describes what came back."""
    fn = lookup_name(namespace, params["factory"])
    layers = call_student(fn, *params.get("args", []), **params.get("kwargs", {}))
    if not isinstance(layers, list | tuple):
        return {"returned": clip_name(type(layers).__name__)}
    return {"returned": clip_name(type(layers).__name__), "layers": [describe_layer(m) for m in layers]}
