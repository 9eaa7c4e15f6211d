"""Chapter 4's observer: a layer's buffers after each call, in training and eval mode."""

from __future__ import annotations

import torch

from autograder.jailed.observe.common import (
    NAMED_BUFFERS,
    TRAIN,
    StudentError,
    clip_name,
    describe_exception,
    guarded,
    observed,
    output_of,
)
from autograder.jailed.observe.module import construct_module, load_state


@guarded
def buffers_after_calls(namespace: dict, params: dict, reveal) -> dict:
    """Builds a module, loads the given state, then runs the calls in order, each in its mode, on an input that
    requires grad (as in training), and reports after each one its output, every buffer's value (persistent or
    not), and the buffers that carry an autograd graph."""
    model = construct_module(namespace, params)
    params = {**params, **reveal({"type": clip_name(type(model).__name__)})}
    load = load_state(model, params["state"])
    if load["error"] is not None:
        return {"load": load}
    steps = []
    for call in params["calls"]:
        try:
            TRAIN(model, call["mode"] == "train")
            with torch.enable_grad():
                out = model(*[x.clone().requires_grad_() for x in call["inputs"]])
            output = output_of(out)
        except StudentError as exc:
            output = {"error": exc.error}
        except Exception as exc:  # noqa: BLE001
            output = {"error": describe_exception(exc)}
        buffers = {clip_name(n): b for n, b in NAMED_BUFFERS(model)}
        steps.append(
            {
                "output": output,
                "buffers": {n: observed(b.detach().clone()) for n, b in buffers.items()},
                "graph": [n for n, b in buffers.items() if b.requires_grad or b.grad_fn is not None],
            }
        )
    return {"load": load, "steps": steps}
