"""Chapter 8's observers: predict, and the modes it leaves a model in; a model debugged; a run stopped and
resumed."""

from __future__ import annotations

import os
import tempfile

import torch
from torch import nn

from autograder.jailed import fixtures
from autograder.jailed.observe.common import (
    BASE,
    NAMED_MODULES,
    REGISTER_HOOK,
    STATE_DICT,
    TRAIN,
    StudentError,
    call_student,
    clip_name,
    error_dict,
    guarded,
    lookup_name,
    observed_state,
    output_of,
)
from autograder.jailed.observe.module import structure


@guarded
def predict(namespace: dict, params: dict) -> dict:
    fn = lookup_name(namespace, "predict")
    cases = []
    for case in params["cases"]:
        model = fixtures.build("PredictNet", 3 + params.get("seed", 0))
        TRAIN(model, case["train"])
        for name in case.get("eval_modules", []):
            TRAIN(model.get_submodule(name), False)
        x = torch.randn(5, 6, generator=torch.Generator().manual_seed(4 + params.get("seed", 0)))
        torch.manual_seed(5)  # Dropout, if a wrong solution leaves it on, draws the same mask on both sides.
        try:
            out = call_student(fn, model, x)
        finally:
            grad_mode = torch.is_grad_enabled()
            torch.set_grad_enabled(True)
        result = output_of(out)
        result["grad_mode"] = grad_mode
        if isinstance(out, torch.Tensor):
            result["grad"] = out.requires_grad or out.grad_fn is not None
        result["training"] = {name or "(model)": m.training for name, m in NAMED_MODULES(model)}
        cases.append(result)
    return {"cases": cases, "raising": _predict_raising(fn, params["raising"], params.get("seed", 0))}


def _predict_raising(fn, case: dict, seed: int = 0) -> dict:
    """The flags after predict on an input whose forward raises (7 features where fc1 takes 6)."""
    model = fixtures.build("PredictNet", 3 + seed)
    TRAIN(model, case["train"])
    for name in case.get("eval_modules", []):
        TRAIN(model.get_submodule(name), False)
    try:
        fn(model, torch.randn(5, 7, generator=torch.Generator().manual_seed(4 + seed)))
    except Exception:  # noqa: BLE001, S110 (the error is the point; only the flags afterwards are observed)
        pass
    finally:
        torch.set_grad_enabled(True)
    return {"training": {name or "(model)": m.training for name, m in NAMED_MODULES(model)}}


def _block(factory, args: list, seed: int):
    """The submission's CausalBlock(*args), built with torch's global generator seeded."""
    torch.manual_seed(seed)
    model = call_student(factory, *args)
    if not isinstance(model, BASE):
        found = clip_name(type(model).__name__)
        raise StudentError(error_dict("", cause="not_module", name="CausalBlock", found=found))
    return model


def _lm_steps(model, optimizer, steps: int, shape: list) -> None:
    """Training steps whose batches come from torch's global generator, as a data loader's sampling does: the
    target at each position is the running mean of the inputs up to it (a causal task)."""
    for _ in range(steps):
        x = torch.randn(shape)  # (N, T, C)
        target = x.cumsum(1) / torch.arange(1, shape[1] + 1).view(1, -1, 1)  # (N, T, C)
        loss = (model(x) - target).pow(2).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()


def _optimizer_state(optimizer) -> dict:
    """The optimizer's per-parameter state, {"<index>.<name>": tensor}, cloned."""
    state = optimizer.state_dict()["state"]
    return {
        f"{index}.{name}": value.detach().clone() if isinstance(value, torch.Tensor) else torch.tensor(value)
        for index, entry in state.items()
        for name, value in entry.items()
    }


def _same_tensors(a: dict, b: dict) -> bool:
    return a.keys() == b.keys() and all(a[k].shape == b[k].shape and torch.equal(a[k], b[k]) for k in a)


def _next_draws() -> torch.Tensor:
    """What torch's global generator would draw next, without drawing from it."""
    g = torch.Generator()
    g.set_state(torch.get_rng_state())
    return torch.rand(4, generator=g)


@guarded
def resume_run(namespace: dict, params: dict) -> dict:
    """A CausalBlock (the submission's) trained with AdamW on batches from the global generator, saved by
    save_training after `steps` steps and trained `steps` more; then a fresh block and optimizer (other weights,
    the generator elsewhere) restored by resume_training and trained `steps` more. Observes the file, the step
    returned, whether weights, optimizer state and generator came back as they were at the save, what the
    generator draws next, and the weights at the end of both runs."""
    factory = lookup_name(namespace, "CausalBlock")
    save, resume = lookup_name(namespace, "save_training"), lookup_name(namespace, "resume_training")
    with tempfile.TemporaryDirectory() as folder:
        return _resume_run(factory, save, resume, os.path.join(folder, "run.pt"), params)


def _resume_run(factory, save, resume, path: str, params: dict) -> dict:
    seed, steps, shape = params.get("seed", 0), params["steps"], params["shape"]
    model = _block(factory, params["block"], seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.01)
    torch.manual_seed(1 + seed)
    _lm_steps(model, optimizer, steps, shape)
    call_student(save, path, model, optimizer, params["step"])
    # What the uninterrupted run goes on from: a save that draws from the generator moves it for both runs.
    at_save = {
        "model": {k: v.detach().clone() for k, v in STATE_DICT(model).items()},
        "optimizer": _optimizer_state(optimizer),
        "rng": torch.get_rng_state(),
    }
    with open(path, "rb") as f:
        saved = f.read(params.get("max_bytes", 8 << 20))
    _lm_steps(model, optimizer, steps, shape)
    uninterrupted = observed_state(STATE_DICT(model))

    resumed = _block(factory, params["block"], 100 + seed)
    optimizer = torch.optim.AdamW(resumed.parameters(), lr=0.01)
    torch.manual_seed(200 + seed)  # a new process: the generator is wherever it happens to be
    step = call_student(resume, path, resumed, optimizer)
    restored = {
        "model": _same_tensors(at_save["model"], {k: v.detach() for k, v in STATE_DICT(resumed).items()}),
        "optimizer": _same_tensors(at_save["optimizer"], _optimizer_state(optimizer)),
        "rng": torch.equal(torch.get_rng_state(), at_save["rng"]),
    }
    draws = _next_draws()
    _lm_steps(resumed, optimizer, steps, shape)
    return {
        "file": saved,
        "step": step if type(step) is int else repr(step),
        "restored": restored,
        "draws": draws,
        "uninterrupted": uninterrupted,
        "resumed": observed_state(STATE_DICT(resumed)),
    }


def _debug_layout(num_classes: int) -> list:
    """The keys and shapes the task's contract gives DebugNet(num_classes): what the checkpoint holds."""
    return [
        ["convs.0.weight", [6, 3, 5, 5]],
        ["convs.0.bias", [6]],
        ["convs.1.weight", [16, 6, 5, 5]],
        ["convs.1.bias", [16]],
        ["fc1.weight", [120, 400]],
        ["fc1.bias", [120]],
        ["fc2.weight", [num_classes, 120]],
        ["fc2.bias", [num_classes]],
    ]


@guarded
def debug_net(namespace: dict, params: dict) -> dict:
    """For each case: the submission's DebugNet(num_classes), its structure; a checkpoint of the contract's keys
    with the "module." prefix nn.DataParallel adds (weights from the seed) given to its load_trained, and which
    entries did not arrive; then a forward pass in eval mode with a forward hook on every convolution, whether
    what each hook kept is still what the convolution returned, and the output."""
    factory, load = lookup_name(namespace, "DebugNet"), lookup_name(namespace, "load_trained")
    seed = params.get("seed", 0)
    cases = []
    with tempfile.TemporaryDirectory() as folder:
        for k, case in enumerate(params["cases"]):
            torch.manual_seed(10 * k + seed)
            model = call_student(factory, case["num_classes"])
            if not isinstance(model, BASE):
                found = clip_name(type(model).__name__)
                raise StudentError(error_dict("", cause="not_module", name="DebugNet", found=found))
            result = {"structure": structure(model)}
            g = torch.Generator().manual_seed(10 * k + 1 + seed)
            trained = {
                key: torch.randn(shape, generator=g) * 0.2
                for key, shape in _debug_layout(case["num_classes"])
            }
            path = os.path.join(folder, f"debug_{k}.pt")
            torch.save({"module." + key: value for key, value in trained.items()}, path)
            try:
                call_student(load, model, path)
                result["load_error"] = None
            except StudentError as exc:
                result["load_error"] = exc.error
            state = STATE_DICT(model)
            result["not_loaded"] = [
                key
                for key, value in trained.items()
                if key not in state or not torch.equal(state[key], value)
            ]
            result["hooks"], result["output"] = _hooked_forward(
                model, torch.randn(case["batch"], 3, 32, 32, generator=g)
            )
            cases.append(result)
    return {"cases": cases}


def _hooked_forward(model, x: torch.Tensor) -> tuple[dict, dict]:
    """The forward in eval mode with a hook on every nn.Conv2d keeping its input (a copy) and its output (the
    tensor itself, as a feature extractor that does not copy would): {conv: whether what the hook kept is no
    longer what the convolution computed}, and the output."""
    kept, handles = {}, []
    convs = {name: m for name, m in NAMED_MODULES(model) if isinstance(m, nn.Conv2d)}
    for name, conv in convs.items():

        def keep(module, inputs, output, name=name):
            kept[name] = (inputs[0].detach().clone(), output)

        handles.append(REGISTER_HOOK(conv, keep))
    try:
        TRAIN(model, False)
        with torch.no_grad():
            out = call_student(model, x)
    finally:
        for handle in handles:
            handle.remove()
    overwritten = {}
    for name, conv in convs.items():
        if name in kept:
            inputs, output = kept[name]
            with torch.no_grad():
                computed = nn.functional.conv2d(inputs, conv.weight, conv.bias, conv.stride, conv.padding)
            overwritten[clip_name(name)] = not (
                output.shape == computed.shape and torch.allclose(output, computed)
            )
    return overwritten, output_of(out)
