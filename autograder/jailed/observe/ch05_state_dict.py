"""Chapter 5's observers: loading matching keys, stripping a prefix, checkpoints, model surgery."""

from __future__ import annotations

import os
import tempfile

import torch
from torch import nn

from autograder.jailed import fixtures
from autograder.jailed.observe.common import (
    BASE,
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
    observed_state,
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
    epoch = call_student(load, path, resumed, optimizer)
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
