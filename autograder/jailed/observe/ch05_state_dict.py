"""Chapter 5's observers: loading matching keys, stripping a prefix, checkpoints, model surgery, porting,
weight normalisation."""

from __future__ import annotations

import os
import tempfile

import torch
from torch import nn

from autograder.jailed import fixtures
from autograder.jailed.observe.common import (
    BASE,
    LOAD_STATE_DICT,
    NAMED_PARAMETERS,
    STATE_DICT,
    StudentError,
    call_student,
    clip_name,
    describe_exception,
    error_dict,
    guarded,
    lookup_name,
    names_or_repr,
    observed,
    observed_state,
    output_of,
    shape_of,
)
from autograder.jailed.observe.module import forward_calls, load_state, structure


@guarded
def load_matching(namespace: dict, params: dict) -> dict:
    fn = lookup_name(namespace, "load_matching")
    cases = []
    for case in params["cases"]:
        model = fixtures.build(case["target"], 1 + params.get("seed", 0), *case.get("target_args", []))
        source = STATE_DICT(
            fixtures.build(case["source"], 2 + params.get("seed", 0), *case.get("source_args", []))
        )
        for key in case.get("drop", []):
            source.pop(key)
        for key, shape in case.get("extra", []):
            source[key] = torch.ones(shape)
        if case.get("prefix"):
            source = type(source)((case["prefix"] + k, v) for k, v in source.items())
        snapshot = {k: v.clone() for k, v in source.items()}
        try:
            returned = fn(model, source)
            error = None
        except Exception as exc:  # noqa: BLE001
            returned, error = None, describe_exception(exc)
        source_changed = sorted(
            set(snapshot) ^ set(source)
            | {k for k in snapshot if k in source and not torch.equal(snapshot[k], source[k])}
        )
        cases.append(
            {
                "error": error,
                "returned": names_or_repr(returned),
                "state": observed_state(STATE_DICT(model)),
                "source_changed": source_changed,
            }
        )
    return {"cases": cases}


@guarded
def strip_prefix(namespace: dict, params: dict) -> dict:
    fn = lookup_name(namespace, "strip_prefix")
    cases = []
    for case in params["cases"]:
        source = fixtures.prefixed_state_dict(case["seed"] + params.get("seed", 0))
        if case.get("plain_dict"):
            source = dict(source)
        if case.get("rename"):
            source = type(source)((k.replace("module.", case["rename"]), v) for k, v in source.items())
        values = list(source.values())
        returned = call_student(fn, source, case["prefix"]) if "prefix" in case else call_student(fn, source)
        if not isinstance(returned, dict):
            cases.append({"type": clip_name(type(returned).__name__)})
            continue
        cases.append(
            {
                "type": clip_name(type(returned).__name__),
                "keys": [clip_name(str(k)) for k in returned],
                # Where each returned value came from (its index in the input, None if it is no input
                # value): the input's values are distinct tensors, so this maps input keys to output keys.
                "sources": [_source(v, values) for v in returned.values()],
                "input_keys": [str(k) for k in source],
            }
        )
    return {"cases": cases}


def _source(value, values: list) -> int | None:
    """The index of `value` among `values` (the same tensor, or an equal one), else None."""
    if not isinstance(value, torch.Tensor):
        return None
    same = next((i for i, v in enumerate(values) if v is value), None)
    if same is not None:
        return same
    return next(
        (i for i, v in enumerate(values) if v.shape == value.shape and torch.equal(v, value)),
        None,
    )


def _train_steps(model: nn.Module, optimizer, steps: int, seed: int) -> None:
    g = torch.Generator().manual_seed(seed)
    for _ in range(steps):
        x = torch.randn(8, 5, generator=g)
        loss = (model(x) - x.sum(1, keepdim=True)).pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


@guarded
def checkpoint(namespace: dict, params: dict) -> dict:
    save, load = lookup_name(namespace, "save_checkpoint"), lookup_name(namespace, "load_checkpoint")
    with tempfile.TemporaryDirectory() as folder:
        return _checkpoint(save, load, os.path.join(folder, "checkpoint.pt"), params)


def _checkpoint(save, load, path: str, params: dict) -> dict:
    seed = params.get("seed", 0)  # 0 for the public probes; hidden ones shift every seed
    torch.manual_seed(seed)
    model = fixtures.ResumeNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    _train_steps(model, optimizer, 3, seed=1 + seed)
    call_student(save, path, model, optimizer, params["epoch"])
    with open(path, "rb") as f:
        saved = f.read(params.get("max_bytes", 8 << 20))
    _train_steps(model, optimizer, 3, seed=2 + seed)
    uninterrupted = observed_state(STATE_DICT(model))

    torch.manual_seed(123 + seed)
    resumed = fixtures.ResumeNet()
    optimizer = torch.optim.Adam(resumed.parameters(), lr=0.05)
    try:
        epoch = call_student(load, path, resumed, optimizer)
    except StudentError as exc:  # the file saved is still judged: what it holds may say why loading failed
        return {"file": saved, "error": exc.error}
    _train_steps(resumed, optimizer, 3, seed=2 + seed)
    return {
        "file": saved,
        "epoch": epoch if type(epoch) is int else repr(epoch),
        "uninterrupted": uninterrupted,
        "resumed": observed_state(STATE_DICT(resumed)),
    }


REUSED_LAYERS = ("conv1", "conv2", "fc1", "fc2")  # the trained LeNet's layers a model-surgery answer keeps


@guarded
def extra_input(namespace: dict, params: dict) -> dict:
    """Model surgery: for each case, a trained LeNet (a fixture, from the seed) and the submission's
    `LeNetWithMeta(lenet, meta_features, num_classes)` built around it. Observes which of LeNet's layers are the
    very same objects, the structure (names, shapes, requires_grad), the outputs on (x, meta) with the new
    parameters drawn from the seed, what load_state_dict(lenet.state_dict(), strict=False) reports, and which
    of the trained LeNet's entries changed.
    """
    factory = lookup_name(namespace, "LeNetWithMeta")
    seed = params.get("seed", 0)
    cases = []
    for k, case in enumerate(params["cases"]):
        lenet = fixtures.build("TrainedLeNet", 10 * k + seed)
        trained = {key: value.clone() for key, value in STATE_DICT(lenet).items()}
        model = call_student(factory, lenet, case["meta_features"], case["num_classes"])
        if not isinstance(model, BASE):
            found = clip_name(type(model).__name__)
            raise StudentError(error_dict("", cause="not_module", name="LeNetWithMeta", found=found))
        reused = {}
        for name in REUSED_LAYERS:
            layer = model._modules.get(name) if isinstance(getattr(model, "_modules", None), dict) else None
            reused[name] = (
                "same" if layer is getattr(lenet, name) else "missing" if layer is None else "other"
            )
        result = {"reused": reused, "structure": structure(model)}
        # The new layer's weights come from the seed, whatever the student's init: only what they compute counts.
        g = torch.Generator().manual_seed(10 * k + 1 + seed)
        with torch.no_grad():
            for name, p in NAMED_PARAMETERS(model):
                if not name.startswith("head."):
                    continue
                if p.dim() == 2:
                    p.copy_(torch.randn(p.shape, generator=g) * (2.0 / p.shape[1]) ** 0.5)
                else:
                    p.copy_(torch.randn(p.shape, generator=g) * 0.1)
        calls = []
        for n in case["batches"]:
            x = torch.randn(n, 3, 32, 32, generator=g)
            meta = torch.randn(n, case["meta_features"], generator=g)
            calls.append({"mode": "eval", "inputs": [x, meta]})
        result["outputs"], _ = forward_calls(model, calls, False)
        result["load"] = load_state(model, STATE_DICT(lenet))
        after = STATE_DICT(lenet)
        result["lenet_changed"] = sorted(
            {clip_name(k) for k in set(trained) ^ set(after)}
            | {clip_name(k) for k in trained if k in after and not torch.equal(trained[k], after[k])}
        )
        cases.append(result)
    return {"cases": cases}


@guarded
def port(namespace: dict, params: dict) -> dict:
    """Porting: for each case, a SmallNet's weights in a foreign layout (a fixture, from the seed) given to the
    submission's `port_weights`. Observes what it returned (keys and shapes), whether the caller's dict was
    changed, what loading it into SmallNet(in_channels, num_classes) with strict=True says, and the model's
    outputs in eval mode on inputs drawn from the seed (where the load failed, on what did load by name)."""
    fn = lookup_name(namespace, "port_weights")
    seed = params.get("seed", 0)
    cases = []
    for k, case in enumerate(params["cases"]):
        g = torch.Generator().manual_seed(10 * k + seed)
        foreign = fixtures.foreign_smallnet(case["in_channels"], case["num_classes"], g)
        snapshot = {key: value.clone() for key, value in foreign.items()}
        returned = call_student(fn, foreign)
        if not isinstance(returned, dict):
            cases.append({"type": clip_name(type(returned).__name__)})
            continue
        result = {
            "type": clip_name(type(returned).__name__),
            "shapes": [
                [clip_name(str(key)), shape_of(value) if isinstance(value, torch.Tensor) else None]
                for key, value in returned.items()
            ],
            "foreign_changed": sorted(
                clip_name(key)
                for key in snapshot
                if key not in foreign or not torch.equal(snapshot[key], foreign[key])
            ),
        }
        torch.manual_seed(seed)
        model = fixtures.SmallNet(case["in_channels"], case["num_classes"])
        try:
            LOAD_STATE_DICT(model, returned, strict=True)
            result["load_error"] = None
        except Exception as exc:  # noqa: BLE001 (what it says is the observation)
            result["load_error"] = describe_exception(exc)
        x = torch.randn(case["batch"], case["in_channels"], 8, 8, generator=g)
        result["outputs"], _ = forward_calls(model, [{"mode": "eval", "inputs": [x]}], False)
        cases.append(result)
    return {"cases": cases}


@guarded
def weight_norm(namespace: dict, params: dict) -> dict:
    """For each case, an nn.Linear (its weights from the seed) given to the submission's `weight_normalize`.
    Observes whether the same layer came back, its state_dict keys and shapes, its weight right after (which
    should not have changed), then, with every parameter set to values drawn from the seed, the output on an input
    and the gradients of (output ** 2).sum()."""
    fn = lookup_name(namespace, "weight_normalize")
    seed = params.get("seed", 0)
    cases = []
    for k, case in enumerate(params["cases"]):
        torch.manual_seed(10 * k + seed)
        linear = nn.Linear(case["in_features"], case["out_features"])
        before = linear.weight.detach().clone()
        returned = call_student(fn, linear)
        result = {
            "same_layer": returned is linear,
            "state": [[clip_name(str(key)), shape_of(value)] for key, value in STATE_DICT(linear).items()],
            "before": before,
            "weight": observed(linear.weight.detach()),
        }
        g = torch.Generator().manual_seed(10 * k + 1 + seed)
        parameters = list(NAMED_PARAMETERS(linear))
        # Frozen by the submission (requires_grad=False): such a parameter gets no gradient however it is used.
        result["frozen"] = [clip_name(name) for name, p in parameters if not p.requires_grad]
        with torch.no_grad():
            for _, p in parameters:
                p.copy_(torch.randn(p.shape, generator=g))
        x = torch.randn(case["batch"], case["in_features"], generator=g)
        out = linear(x)
        result["output"] = output_of(out.detach())
        out.pow(2).sum().backward()
        result["grads"] = {
            clip_name(name): observed(p.grad) if p.grad is not None else None for name, p in parameters
        }
        cases.append(result)
    return {"cases": cases}
