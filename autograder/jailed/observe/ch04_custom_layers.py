"""Chapter 4's observer: a layer's buffers after each call, in training and eval mode, the input's gradient in
training mode, and whether its state_dict moves to and from nn.BatchNorm1d."""

from __future__ import annotations

import torch

from autograder.jailed.observe.common import (
    LOAD_STATE_DICT,
    NAMED_BUFFERS,
    STATE_DICT,
    TRAIN,
    StudentError,
    clip_name,
    describe_exception,
    guarded,
    observed,
    output_of,
)
from autograder.jailed.observe.module import LAYERS, construct_module, load_state


@guarded
def buffers_after_calls(namespace: dict, params: dict, reveal) -> dict:
    """Builds a module, loads the given state, then runs the calls in order, each in its mode, on an input that
    requires grad (as in training), and reports after each one its output, every buffer's value (persistent or
    not), the buffers that carry an autograd graph and, in training mode, the input's gradient of a fixed
    function of the output.

    With "batchnorm" (a layer spec, see `layers_from_specs`) it then reports whether that layer's state
    (`strict_state`) loads into the module with strict=True, and whether the module's own state_dict() loads
    into a fresh such layer: `from_batchnorm` and `into_batchnorm`, None or the error."""
    model = construct_module(namespace, params)
    params = {**params, **reveal({"type": clip_name(type(model).__name__)})}
    load = load_state(model, params["state"])
    if load["error"] is not None:
        return {"load": load}
    steps = []
    for call in params["calls"]:
        grad = None
        try:
            TRAIN(model, call["mode"] == "train")
            inputs = [x.clone().requires_grad_() for x in call["inputs"]]
            with torch.enable_grad():
                out = model(*inputs)
            output = output_of(out)
            if call["mode"] == "train":
                grad = _input_gradient(out, inputs[0])
        except StudentError as exc:
            output = {"error": exc.error}
        except Exception as exc:  # noqa: BLE001
            output = {"error": describe_exception(exc)}
        buffers = {clip_name(n): b for n, b in NAMED_BUFFERS(model)}
        step = {
            "output": output,
            "buffers": {n: observed(b.detach().clone()) for n, b in buffers.items()},
            "graph": [n for n, b in buffers.items() if b.requires_grad or b.grad_fn is not None],
        }
        if grad is not None:
            step["input_grad"] = grad
        steps.append(step)
    result = {"load": load, "steps": steps}
    if params.get("batchnorm") is not None:
        result["into_batchnorm"] = _strict_load(
            lambda: LOAD_STATE_DICT(_batchnorm(params), STATE_DICT(model))
        )
        result["from_batchnorm"] = _strict_load(lambda: LOAD_STATE_DICT(model, params["strict_state"]))
    return result


def _batchnorm(params: dict):
    name, *args = params["batchnorm"]
    return LAYERS[name](*args)


def _strict_load(load) -> dict | None:
    try:
        load()
    except Exception as exc:  # noqa: BLE001
        return describe_exception(exc)
    return None


def _input_gradient(out, x: torch.Tensor) -> dict:
    """The gradient of sum(out * w), w fixed and spread over [-1, 1], with respect to the input `x`: {"value":
    tensor}, {"value": None} when none arrives, or {"error": ...} when backward raises."""
    try:
        if not (isinstance(out, torch.Tensor) and out.requires_grad):
            return {"value": None}
        w = torch.linspace(-1.0, 1.0, out.numel()).reshape(out.shape)
        (out * w).sum().backward()
        return {"value": None if x.grad is None else observed(x.grad.detach().clone())}
    except Exception as exc:  # noqa: BLE001
        return {"error": describe_exception(exc)}
