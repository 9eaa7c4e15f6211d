"""Chapter 3's observers: counting parameters, freezing by prefix, features taken with forward hooks, a
TinyModule built from scratch."""

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


# The models `tiny_module` tries, in order, and the dotted paths of their modules ("": the model itself).
TINY_PATHS = {
    "Affine(2, 3)": [""],
    "Net()": ["", "encoder", "decoder"],
    "Tied()": ["", "embed", "head", "shared"],
    "Deep()": ["", "body", "body.encoder", "body.decoder", "tied", "tied.embed", "tied.head"],
}
TINY_MODELS = tuple(TINY_PATHS)


def tiny_models(base: type, generator: torch.Generator) -> dict:
    """The models `tiny_module` is tried on, written on `base` (the submission's TinyModule, or nn.Module itself):
    {label: (factory, the dotted paths of its modules)}, their parameters drawn from `generator`."""

    def param(*shape):
        return nn.Parameter(torch.randn(shape, generator=generator))

    class Affine(base):
        def __init__(self, n_in, n_out):
            super().__init__()
            self.weight = param(n_out, n_in)
            self.bias = param(n_out)
            self.features = n_out  # a plain attribute
            self.cache = torch.zeros(n_out)  # a plain tensor: no parameter

    class Net(base):
        def __init__(self):
            super().__init__()
            self.scale = param(1)
            self.encoder = Affine(4, 3)
            self.decoder = Affine(3, 4)
            self.shift = param(1)
            self.scale = param(1)  # assigned again: keeps its place, before shift

    class Tied(base):
        def __init__(self):
            super().__init__()
            self.embed = Affine(3, 3)
            self.head = Affine(3, 3)
            self.head.weight = self.embed.weight  # one parameter under two names
            self.shared = self.embed  # one module under two names

    class Deep(base):
        def __init__(self):
            super().__init__()
            self.body = Net()
            self.tied = Tied()
            self.out = param(2)

    factories = {"Affine(2, 3)": lambda: Affine(2, 3), "Net()": Net, "Tied()": Tied, "Deep()": Deep}
    return {label: (factories[label], TINY_PATHS[label]) for label in TINY_MODELS}


def _at(model, path: str):
    for name in filter(None, path.split(".")):
        model = getattr(model, name)
    return model


def _section(observe) -> dict:
    """What `observe()` returns, or the error the submission's code raised in it."""
    try:
        return observe()
    except Exception as exc:  # noqa: BLE001 (the student's error is the observation)
        return {"error": describe_exception(exc)}


def _registration(model) -> dict:
    named = [(clip_name(str(name)), p) for name, p in model.named_parameters()]
    return {
        "names": [[name, list(p.shape)] for name, p in named],
        # Registered parameters are found where their names say (model.encoder.weight), as the same objects.
        "unreachable": [name for name, p in named if _reachable(model, name) is not p],
        "plain": _plain_attributes(model),
    }


def _reachable(model, name: str):
    try:
        return _at(model, name)
    except Exception:  # noqa: BLE001 (not reachable is the observation)
        return None


def _plain_attributes(model) -> dict:
    """Each Affine's plain attributes: still readable, and not registered as parameters."""
    found = {}
    for path, module in model.named_modules():
        if "features" in vars(module):
            names = {name for name, _ in module.named_parameters()}
            found[clip_name(path or "(model)")] = [
                module.features,
                isinstance(module.cache, torch.Tensor) and "cache" not in names and "features" not in names,
            ]
    return found


def _modes(model, paths: list[str]) -> dict:
    returned = model.eval()
    after_eval = [_at(model, path).training for path in paths]
    returned_train = model.train()
    after_train = [_at(model, path).training for path in paths]
    _at(model, paths[-1]).eval()
    model.train(True)
    after_train_again = [_at(model, path).training for path in paths]
    return {
        "eval": after_eval,
        "train": after_train,
        "train_again": after_train_again,
        "returns_self": returned is model and returned_train is model,
    }


def _state(model) -> dict:
    state = model.state_dict()
    return {
        "keys": [clip_name(str(key)) for key in state],
        "values_match": [
            isinstance(value, torch.Tensor) and torch.equal(value, _at(model, key))
            for key, value in state.items()
        ],
        "detached": [isinstance(value, torch.Tensor) and not value.requires_grad for value in state.values()],
    }


def _load(factory, generator: torch.Generator) -> dict:
    model = factory()
    before = {key: _at(model, key) for key in model.state_dict()}
    # A parameter under several names (tied) gets one value under each of them, as a saved state_dict has it.
    drawn = {}
    new = {}
    for key, value in model.state_dict().items():
        owner = id(before[key])
        if owner not in drawn:
            drawn[owner] = torch.randn(value.shape, generator=generator)
        new[key] = drawn[owner].clone()
    model.load_state_dict(new)
    loaded = {
        "keys": [clip_name(str(key)) for key in new],
        "values": [torch.equal(_at(model, key), value) for key, value in new.items()],
        "same_objects": [_at(model, key) is before[key] for key in new],
    }
    first = next(iter(new))
    for case, state in (
        ("missing", {k: v for k, v in new.items() if k != first}),
        ("unexpected", {**new, "extra.weight": torch.zeros(1)}),
    ):
        try:
            factory().load_state_dict(state)
            loaded[case] = False
        except Exception:  # noqa: BLE001 (raising is what is asked)
            loaded[case] = True
    return loaded


TINY_METHODS = ("named_modules", "named_parameters", "train", "eval", "state_dict", "load_state_dict")


def _missing_methods(base) -> list[str]:
    """The methods the drivers call that the class does not define (an instance's __getattr__ may still answer
    for them: minitorch's gives None, so calling one raises "'NoneType' object is not callable")."""
    if not isinstance(base, type):
        return []
    missing = []
    for name in TINY_METHODS:
        try:
            found = callable(getattr(base, name, None))
        except Exception:  # noqa: BLE001 (a class that cannot say has no method to call)
            found = False
        if not found:
            missing.append(name)
    return missing


@guarded
def tiny_module(namespace: dict, params: dict) -> dict:
    """The submission's TinyModule, as the base class of a few models (`tiny_models`): observes what it
    registers and how, the modes train()/eval() leave, state_dict() and load_state_dict(), model by model."""
    base = lookup_name(namespace, "TinyModule")
    seed = params.get("seed", 0)
    result = {
        "is_nn_module": isinstance(base, type) and issubclass(base, nn.Module),
        "missing_methods": _missing_methods(base),
        "models": {},
    }
    for k, label in enumerate(TINY_MODELS):
        g = torch.Generator().manual_seed(10 * k + seed)
        factory, paths = tiny_models(base, g)[label]
        built = _section(lambda factory=factory: {"model": factory()})
        if "error" in built:
            result["models"][label] = {"error": built["error"]}
            continue
        model = built["model"]
        result["models"][label] = {
            "registration": _section(lambda model=model: _registration(model)),
            "modes": _section(lambda model=model, paths=paths: _modes(model, paths)),
            "state": _section(lambda model=model: _state(model)),
            "load": _section(lambda factory=factory, g=g: _load(factory, g)),
        }
    return result
