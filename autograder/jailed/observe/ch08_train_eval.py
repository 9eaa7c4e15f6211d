"""Chapter 8's observer: predict, and the modes it leaves a model in."""

from __future__ import annotations

import torch

from autograder.jailed import fixtures
from autograder.jailed.observe.common import (
    NAMED_MODULES,
    TRAIN,
    call_student,
    guarded,
    lookup_name,
    output_of,
)


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
