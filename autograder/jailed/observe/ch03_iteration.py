"""Chapter 3's observers: counting parameters, freezing by prefix, features taken with forward hooks."""

from __future__ import annotations

import torch
from torch import nn

from autograder.jailed import fixtures
from autograder.jailed.observe.common import (
    NAMED_BUFFERS,
    NAMED_MODULES,
    NAMED_PARAMETERS,
    TRAIN,
    StudentError,
    _message,
    call_student,
    clip_name,
    describe_exception,
    guarded,
    lookup_name,
    names_or_repr,
    output_of,
)


@guarded
def count_parameters(namespace: dict, params: dict) -> dict:
    fn = lookup_name(namespace, "count_parameters")
    counts = []
    for name in params["models"]:
        for trainable_only in (False, True):
            model = fixtures.build(name, params.get("seed", 0))
            value = (
                call_student(fn, model, trainable_only=True) if trainable_only else call_student(fn, model)
            )
            counts.append([name, trainable_only, value if type(value) is int else repr(value)])
    return {"counts": counts}


@guarded
def freeze(namespace: dict, params: dict) -> dict:
    """Each case on a fresh model: what freeze returned, every parameter's flag after, and what else changed.

    A case whose call raises records its error and the next case still runs, so every failing case is seen.
    """
    fn = lookup_name(namespace, "freeze")
    cases = []
    for name, prefixes in params["cases"]:
        model = fixtures.build(name, params.get("seed", 0))
        frozen_before = [n for n, p in NAMED_PARAMETERS(model) if not p.requires_grad]
        before = {n: p.detach().clone() for n, p in NAMED_PARAMETERS(model)}
        buffers = {n: b.detach().clone() for n, b in NAMED_BUFFERS(model)}
        try:
            returned = names_or_repr(call_student(fn, model, list(prefixes)))
        except StudentError as exc:
            cases.append({"error": exc.error, "frozen_before": frozen_before})
            continue
        flags = {n: p.requires_grad for n, p in NAMED_PARAMETERS(model)}
        changed = [n for n, p in NAMED_PARAMETERS(model) if not torch.equal(p.detach(), before[n])]
        buffers_changed = [
            n for n, b in NAMED_BUFFERS(model) if n in buffers and not torch.equal(b.detach(), buffers[n])
        ]
        # `module.requires_grad = False` only adds a plain attribute to the module: nothing is frozen.
        module_flags = [clip_name(n) for n, m in NAMED_MODULES(model) if "requires_grad" in vars(m)]
        cases.append(
            {
                "returned": returned,
                "requires_grad": flags,
                "values_changed": changed,
                "buffers_changed": buffers_changed,
                "module_flags": module_flags,
                "frozen_before": frozen_before,
            }
        )
    return {"cases": cases}


# The registries of hooks a module holds, and torch's global ones (register_module_forward_hook & co.), read
# from the dict objects torch itself uses, captured before any student code runs.
_HOOK_DICTS = ("_forward_hooks", "_forward_pre_hooks", "_backward_hooks", "_backward_pre_hooks")
_GLOBAL_HOOKS = tuple(
    getattr(nn.modules.module, name)
    for name in (
        "_global_forward_hooks",
        "_global_forward_pre_hooks",
        "_global_backward_hooks",
        "_global_backward_pre_hooks",
    )
)


def _hooks_left(model: nn.Module) -> list[str]:
    """The dotted names of `model`'s modules that hold a hook ("(model)" for the model itself)."""
    left = []
    for name, sub in NAMED_MODULES(model):
        if any(len(vars(sub).get(d) or {}) for d in _HOOK_DICTS):
            left.append(clip_name(name or "(model)"))
    return left


def _model_flags(model: nn.Module) -> dict:
    return {
        "training": {clip_name(n or "(model)"): m.training for n, m in NAMED_MODULES(model)},
        "requires_grad": {clip_name(n): p.requires_grad for n, p in NAMED_PARAMETERS(model)},
        "grad": {
            clip_name(n): None if p.grad is None else p.grad.detach().clone()
            for n, p in NAMED_PARAMETERS(model)
        },
        "values": {clip_name(n): p.detach().clone() for n, p in NAMED_PARAMETERS(model)},
    }


def _flags_changed(before: dict, after: dict) -> dict:
    """Per kind (training, requires_grad, grad, values), the names whose flag or tensor changed."""

    def same(a, b) -> bool:
        if isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor):
            return a.shape == b.shape and torch.equal(a, b)
        return a is b if a is None or b is None else a == b

    return {
        kind: [n for n in before[kind] if n not in after[kind] or not same(before[kind][n], after[kind][n])]
        for kind in before
    }


def _features(value) -> dict:
    """A returned dict of outputs: its keys in order, each value as `output_of` sees it, and which carry a graph."""
    if not isinstance(value, dict):
        return {"type": clip_name(type(value).__name__)}
    return {
        "type": clip_name(type(value).__name__),
        "keys": [clip_name(k if isinstance(k, str) else repr(k)) for k in value],
        "values": [output_of(v) for v in value.values()],
        "graph": [
            clip_name(k if isinstance(k, str) else repr(k))
            for k, v in value.items()
            if isinstance(v, torch.Tensor) and (v.requires_grad or v.grad_fn is not None)
        ],
    }


@guarded
def extract_features(namespace: dict, params: dict) -> dict:
    """Each case on a fresh FeatureNet in the case's modes, with a frozen parameter and a gradient already there:
    what `extract_features(model, x, layers)` returned or raised, how many times forward ran, the hooks left on
    the model (and globally), whether autograd is still on, and which modes, flags, gradients and values changed.
    """
    fn = lookup_name(namespace, "extract_features")
    seed = params.get("seed", 0)
    cases = []
    for k, case in enumerate(params["cases"]):
        model = fixtures.build("FeatureNet", 6 + seed)
        TRAIN(model, case["train"])
        for name in case.get("eval_modules", []):
            TRAIN(model.get_submodule(name), False)
        model.stem[0].bias.requires_grad_(False)
        g = torch.Generator().manual_seed(10 * k + 7 + seed)
        model.head.weight.grad = torch.randn(model.head.weight.shape, generator=g)
        x = torch.randn(5, case.get("width", 6), generator=g)
        before = _model_flags(model)
        global_before = [len(d) for d in _GLOBAL_HOOKS]
        torch.manual_seed(10 * k + 8 + seed)  # Dropout draws the same masks on both sides.
        result: dict = {}
        try:
            result["returned"] = _features(fn(model, x, list(case["layers"])))
        except Exception as exc:  # noqa: BLE001 (the error is observed: a KeyError is part of the contract)
            result["raised"] = {
                "type": clip_name(type(exc).__name__),
                "error": describe_exception(exc),
                "names_it": bool(case.get("unknown")) and case["unknown"] in (_message(exc) or ""),
            }
        finally:
            result["grad_mode"] = torch.is_grad_enabled()
            torch.set_grad_enabled(True)
        result["forward_calls"] = model.forward_calls if type(model.forward_calls) is int else -1
        result["hooks_left"] = _hooks_left(model)
        result["global_hooks_left"] = [len(d) for d in _GLOBAL_HOOKS] != global_before
        result["changed"] = _flags_changed(before, _model_flags(model))
        cases.append(result)
    return {"cases": cases}
