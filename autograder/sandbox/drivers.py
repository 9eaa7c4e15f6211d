"""What the grader does with a submission's objects, and reports back as plain data.

A driver takes a namespace (the names a submission defined) and JSON-able parameters (with tensors), and
returns JSON-able observations. The child runs drivers on student code; the grader runs the very same drivers
on the reference solutions and on known-mistake variants, then compares observations. Drivers never judge.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import traceback
from types import MappingProxyType

import torch
from torch import nn
from torch.overrides import TorchFunctionMode

from autograder import fixtures
from autograder.sandbox import codec, sealed

_BASE = nn.Module  # Captured before any student code runs: students may patch nn.Module's methods.
_TRAIN = nn.Module.train
_NAMED_PARAMETERS = nn.Module.named_parameters
_NAMED_BUFFERS = nn.Module.named_buffers
_NAMED_MODULES = nn.Module.named_modules
_STATE_DICT = nn.Module.state_dict
_LOAD_STATE_DICT = nn.Module.load_state_dict
_REGISTER_HOOK = nn.Module.register_forward_hook
_REGISTER_PRE_HOOK = nn.Module.register_forward_pre_hook
ANSI = re.compile(r"\x1b\[[0-9;]*m")  # terminal colours some libraries put in their messages
MAX_OUTPUT_ELEMENTS = 16_000_000  # 64 MB of float32: more is not an answer to any exercise.
MAX_OUTPUT_ITEMS = 64  # entries of a returned dict or tuple
# Student-controlled text is clipped where it is observed: a 4 MB exception message costs a few KB, once.
MAX_MESSAGE = 1000  # characters of an exception's message
MAX_LINE = 200  # characters of a source line quoted from a traceback
MAX_TRACE = 256  # steps of one traced forward call: more are cut, and a last step says so
# The functions a shape trace records besides layers: pooling, flattening and reshaping, activations (the
# in-place spellings, relu_, count as theirs). By `__name__`, which torch.relu, F.relu and Tensor.relu share.
TRACED_FUNCTIONS = frozenset(
    {f"{kind}_pool{d}d" for kind in ("max", "avg", "adaptive_max", "adaptive_avg", "lp") for d in (1, 2, 3)}
    | {"flatten", "unflatten", "view", "reshape", "squeeze", "unsqueeze"}
    | {"relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "mish", "hardtanh"}
    | {"hardswish", "hardsigmoid", "sigmoid", "tanh", "softplus", "softmax", "log_softmax", "softmin"}
)

_INTERNAL = tuple(
    os.path.dirname(os.path.abspath(m.__file__)) + os.sep
    for m in (torch, os, sys.modules["autograder"])
    if getattr(m, "__file__", None)
)


class StudentError(Exception):
    """An exception raised by student code, already formatted for the student."""


def describe_exception(exc: BaseException) -> str:
    """`Type: message`, then the student's own line where it failed (not the grader's or torch's).

    Clipped: the message to MAX_MESSAGE characters, each quoted line to MAX_LINE, at most three frames.
    """
    message = _message(exc)
    if type(exc) is NotImplementedError and not message:
        text = (
            "NotImplementedError: not implemented yet (replace `raise NotImplementedError()` with your code)"
        )
    else:
        kind = codec.clip(type(exc).__name__, codec.MAX_NAME)
        text = ANSI.sub("", f"{kind}: {codec.clip(message, MAX_MESSAGE)}".strip())
    if isinstance(exc, MemoryError) or "can't allocate memory" in text:
        text = "memory limit: the submission tried to use more memory than it may\n" + text[:300]
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if (f.filename.startswith("<") and not f.filename.startswith("<frozen"))
        or not (f.filename.startswith("<") or os.path.abspath(f.filename).startswith(_INTERNAL))
    ]
    if frames:
        for f in frames[-3:]:
            where = f.filename.strip("<>") if f.filename.startswith("<") else os.path.basename(f.filename)
            line = f" `{codec.clip(f.line.strip(), MAX_LINE)}`" if f.line else ""
            name, where = _name(f.name), _name(where)
            text += f"\n  in {name}, {where} line {f.lineno}:{line}"
    return text


def _message(exc: BaseException) -> str:
    """str(exc), or a stand-in when the student's exception cannot say what it is."""
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001 (a student's __str__ may raise anything)
        return "(its message could not be read)"
    return message if type(message) is str else "(its message could not be read)"


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 (student code may raise anything)
        raise StudentError(describe_exception(exc)) from None


def _lookup(namespace: dict, name: str):
    if name not in namespace:
        raise StudentError(f"`{name}` is not defined")
    return namespace[name]


def _shape(t) -> list[int]:
    return list(t.shape)


def _name(text: str) -> str:
    return codec.clip(text, codec.MAX_NAME)


def observed(value):
    """A tensor as an observation holds it: plain, dense and detached, or a `codec.Unsendable` saying what
    it was (sparse, meta, ...), so that the grader judges the same thing whichever side ran the driver."""
    return codec.plain(value) if isinstance(value, torch.Tensor) else value


def _observed_state(state) -> dict:
    return {_name(str(k)): observed(v) for k, v in state.items()}


def _output(value, nested: bool = False, budget: list | None = None) -> dict:
    """What forward returned: a tensor, or a dict or a tuple (or list) of tensors, one level deep.

    {"type": "Tensor", "tensor"}; {"type", "keys", "values"} for a dict (its keys in order, as str, and one
    observation per value); {"type", "items"} for a tuple or a list; {"type"} for anything else. At most
    MAX_OUTPUT_ITEMS entries, and MAX_OUTPUT_ELEMENTS values in all (a tensor past that is "too_large").
    """
    budget = [MAX_OUTPUT_ELEMENTS] if budget is None else budget
    if isinstance(value, torch.Tensor):
        marker = codec.unsendable(value)
        if marker is None and value.numel() > budget[0]:
            return {"type": "Tensor", "too_large": _shape(value)}
        if marker is None:
            budget[0] -= value.numel()
        return {"type": "Tensor", "tensor": marker or codec.plain(value)}
    kind = _name(type(value).__name__)
    if nested:
        return {"type": kind}
    if isinstance(value, dict):
        # dict's own items() and tuple's or list's own iterator, never a subclass's: the output is read, not asked.
        pairs = list(dict.items(value))[:MAX_OUTPUT_ITEMS]
        return {
            "type": kind,
            "keys": [_key(k) for k, _ in pairs],
            "values": [_output(v, True, budget) for _, v in pairs],
        }
    if isinstance(value, tuple | list):
        items = list((tuple if isinstance(value, tuple) else list).__iter__(value))[:MAX_OUTPUT_ITEMS]
        return {"type": kind, "items": [_output(v, True, budget) for v in items]}
    return {"type": kind}


def _key(key) -> str:
    """A dict key as the student's output has it: a str as it is, anything else as its repr."""
    return _name(key) if type(key) is str else _name(repr(key))


def _names(value):
    """A returned list (or tuple) of names as a list of str; anything else as its repr, for the message."""
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    return repr(value)


def _guard(fn):
    """Runs a driver step; a StudentError becomes {"error": message} instead of propagating."""

    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except StudentError as exc:
            return {"error": str(exc)}

    wrapper.__name__ = fn.__name__
    return wrapper


# ---------------------------------------------------------------------------------------------- modules


def structure(module: nn.Module) -> dict:
    """Names, shapes and kinds of everything registered in `module`, and attributes PyTorch cannot see."""
    params = [[_name(n), _shape(p), str(p.dtype), p.requires_grad] for n, p in _NAMED_PARAMETERS(module)]
    buffers = [[_name(n), _shape(b)] for n, b in _NAMED_BUFFERS(module)]
    state = [[_name(k), _shape(v)] for k, v in _STATE_DICT(module).items() if isinstance(v, torch.Tensor)]
    modules = [[_name(n), _name(type(m).__name__), _short_repr(m)] for n, m in _NAMED_MODULES(module)]
    hidden = []
    for prefix, sub in _NAMED_MODULES(module):
        for attr, value in vars(sub).items():
            if attr.startswith("_"):
                continue
            path = _name(f"{prefix}.{attr}" if prefix else attr)
            if isinstance(value, torch.Tensor) and not isinstance(value, nn.Parameter):
                hidden.append({"kind": "plain_tensor", "path": path, "shape": _shape(value)})
            elif isinstance(value, list | tuple) and any(isinstance(v, nn.Module) for v in value):
                hidden.append({"kind": "list", "path": path, "type": _name(type(value).__name__)})
            elif isinstance(value, dict) and any(isinstance(v, nn.Module) for v in value.values()):
                hidden.append({"kind": "dict", "path": path, "type": _name(type(value).__name__)})
    return {
        "parameters": params,
        "buffers": buffers,
        "state_dict": state,
        "modules": modules,
        "hidden": hidden,
    }


def describe_layer(module: nn.Module) -> str:
    """A canonical description of a layer: equal layers read the same whichever way they were written
    (kernel_size=3 or (3, 3), padding=1 or "same", ReLU in place or not)."""
    pair = nn.modules.utils._pair
    if isinstance(module, nn.Conv2d):
        padding = module.padding
        if padding == "same":
            padding = tuple(
                d * (k - 1) // 2 for d, k in zip(module.dilation, module.kernel_size, strict=True)
            )
        bias = "" if module.bias is not None else ", bias=False"
        return (
            f"Conv2d({module.in_channels}, {module.out_channels}, kernel_size={pair(module.kernel_size)}, "
            f"stride={pair(module.stride)}, padding={pair(padding)}{bias})"
        )
    if isinstance(module, nn.MaxPool2d):
        stride = module.stride if module.stride is not None else module.kernel_size
        return (
            f"MaxPool2d(kernel_size={pair(module.kernel_size)}, stride={pair(stride)}, "
            f"padding={pair(module.padding)}, ceil_mode={module.ceil_mode})"
        )
    if isinstance(module, nn.BatchNorm2d):
        return f"BatchNorm2d({module.num_features})"
    if isinstance(module, nn.ReLU):
        return "ReLU()"
    return _short_repr(module)


def _short_repr(module: nn.Module) -> str:
    try:
        return codec.clip(f"{type(module).__name__}({module.extra_repr()})", MAX_LINE)
    except Exception:  # noqa: BLE001
        return _name(type(module).__name__)


# The layers a probe may pass to a container it builds (params "modules"), captured before student code runs.
LAYERS = MappingProxyType(
    {
        cls.__name__: cls
        for cls in (nn.Linear, nn.ReLU, nn.Tanh, nn.Sigmoid, nn.Identity, nn.BatchNorm1d, nn.Dropout)
    }
)
_SEQUENTIAL = nn.Sequential


def layers_from_specs(specs: list) -> list[nn.Module]:
    """Fresh torch.nn layers from data: [["Linear", 4, 8], ["ReLU"]] gives [nn.Linear(4, 8), nn.ReLU()]."""
    return [LAYERS[name](*args) for name, *args in specs]


def _construct(namespace: dict, params: dict, modules: list | None = None) -> nn.Module:
    factory = _lookup(namespace, params["factory"])
    module = _call(factory, *(modules or []), *params.get("args", []), **params.get("kwargs", {}))
    if not isinstance(module, _BASE):
        raise StudentError(
            f"`{params['factory']}(...)` returned a {_name(type(module).__name__)}, not an nn.Module"
        )
    return module


@_guard
def module(namespace: dict, params: dict, reveal) -> dict:
    """Builds a module, reports its structure, loads the given weights and runs the given forward calls.

    The weights (`state`, `strict_state`: their names and shapes are the structure's answer) are revealed only
    after the structure is committed (see `sealed`).

    With "modules" (layer specs, see `layers_from_specs`) the module is a container: those layers, built fresh,
    are passed first, and what nn.Sequential names their state_dict keys is observed; with "indices" too, what
    len() and indexing the container give (`_sequence`).
    """
    modules = layers_from_specs(params["modules"]) if params.get("modules") is not None else None
    model = _construct(namespace, params, modules)
    if any(isinstance(p, nn.parameter.UninitializedParameter) for p in model.parameters()) and params.get(
        "calls"
    ):
        # Lazy layers learn their shapes from the first input: give them one before reading the structure.
        try:
            with torch.no_grad():
                model(*[x.clone() for x in params["calls"][0]["inputs"]])
        except Exception as exc:  # noqa: BLE001
            raise StudentError(describe_exception(exc)) from None
    result = {"type": type(model).__name__, "structure": structure(model)}
    if modules is not None:
        result["sequential_keys"] = [_name(k) for k in _STATE_DICT(_SEQUENTIAL(*modules))]
        if params.get("indices") is not None:
            result["sequence"] = _sequence(model, modules, params["indices"])
    params = {**params, **reveal(result)}
    if params.get("state") is not None:
        result["load"] = _load(model, params["state"])
    if params.get("strict_state") is not None:
        try:
            model.load_state_dict(params["strict_state"], strict=True)
            result["strict_load"] = None
        except Exception as exc:  # noqa: BLE001
            result["strict_load"] = describe_exception(exc)
    if params.get("backward") and result.get("load", {}).get("error") is None:
        result["gradients"] = _gradients(model, params["calls"][0]["inputs"])
    if params.get("calls"):
        if result.get("load", {}).get("error") is None:
            result["outputs"], result["trace"] = _forward_calls(
                model, params["calls"], params.get("trace", False)
            )
        elif params.get("trace"):
            # The weights did not fit; the module's own weights still show where the shapes go wrong.
            _, result["trace"] = _forward_calls(model, params["calls"][:1], True)
            result["trace_own_weights"] = True
    return result


def _sequence(model: nn.Module, modules: list, indices: list) -> dict:
    """len(model), and for each index what model[index] gave: the position of one of `modules` (the very
    object), another object's type, or the exception's type and message."""
    try:
        length = {"value": len(model)}
    except Exception as exc:  # noqa: BLE001
        length = {"raised": _name(type(exc).__name__), "error": describe_exception(exc)}
    items = []
    for index in indices:
        try:
            got = model[index]
        except Exception as exc:  # noqa: BLE001
            items.append({"raised": _name(type(exc).__name__), "error": describe_exception(exc)})
            continue
        position = next((k for k, m in enumerate(modules) if m is got), None)
        items.append({"position": position} if position is not None else {"type": _name(type(got).__name__)})
    return {"len": length, "items": items}


def _gradients(model: nn.Module, inputs: list) -> dict:
    """Gradients of a fixed function of the output with respect to each parameter (None where none arrives)."""
    try:
        _TRAIN(model, False)
        model.zero_grad(set_to_none=True)
        with torch.enable_grad():
            out = model(*[x.clone() for x in inputs])
            if not (isinstance(out, torch.Tensor) and out.requires_grad):
                return {"grads": {n: None for n, _ in _NAMED_PARAMETERS(model)}}
            weights = torch.linspace(-1.0, 1.0, out.numel()).reshape(out.shape)
            (out * weights).sum().backward()
        return {
            "grads": {
                _name(n): (None if p.grad is None else observed(p.grad.clone()))
                for n, p in _NAMED_PARAMETERS(model)
            }
        }
    except Exception as exc:  # noqa: BLE001
        return {"error": describe_exception(exc)}


def _load(model: nn.Module, state: dict) -> dict:
    try:
        missing, unexpected = _LOAD_STATE_DICT(model, state, strict=False)
        return {
            "error": None,
            "missing": [_name(k) for k in missing],
            "unexpected": [_name(k) for k in unexpected],
        }
    except Exception as exc:  # noqa: BLE001
        return {"error": describe_exception(exc)}


def _forward_calls(model: nn.Module, calls: list, trace: bool):
    outputs, records = [], []
    for i, call in enumerate(calls):
        first_of_mode = all(c["mode"] != call["mode"] for c in calls[:i])
        tracer = _Trace(model, records, call["mode"]) if trace and first_of_mode else None
        try:
            _TRAIN(model, call["mode"] == "train")
            inputs = [x.clone() for x in call["inputs"]]
            with torch.no_grad():
                if tracer is None:
                    out = model(*inputs)
                else:
                    with tracer:
                        out = model(*inputs)
                outputs.append(_output(out))
        except StudentError as exc:
            outputs.append({"error": str(exc)})
        except Exception as exc:  # noqa: BLE001
            outputs.append({"error": describe_exception(exc)})
        finally:
            if tracer is not None:
                tracer.remove()
    return outputs, records


def fingerprint(out: torch.Tensor, points: int = 64) -> torch.Tensor:
    """A small summary of a layer's output that any real difference changes: values at fixed positions
    spread over the tensor, its mean and its mean absolute value (66 numbers instead of megabytes)."""
    flat = out.detach().reshape(-1).to(torch.float64)
    if flat.numel() == 0:
        return torch.zeros(points + 2, dtype=torch.float64)
    index = torch.linspace(0, flat.numel() - 1, points).round().long()
    return torch.cat([flat[index], flat.mean().reshape(1), flat.abs().mean().reshape(1)])


class _Trace:
    """The steps of one forward call, in the order they ran: each submodule's output (forward hooks) and each
    call of a `TRACED_FUNCTIONS` function (F.max_pool2d, torch.flatten, x.view, F.relu, ...) made by forward
    code outside a layer (a TorchFunctionMode, active only while the call runs).

    A step is [name, kind, shape, value, mode, info]:
    - a submodule: its dotted name, its class name, the output's shape and `fingerprint`, and for a 2-D max-
      or average-pooling layer info {"pool": "max_pool" or "avg_pool", "kernel": [kh, kw]} (else None);
    - a function: "<function>()" (e.g. "max_pool2d()"), the function's name, the output's shape, no value, and
      info {"op": <function>}, with "pool" and "kernel" as above for F.max_pool2d and F.avg_pool2d.
    Functions called inside a layer without submodules (nn.MaxPool2d calls F.max_pool2d), or inside one of
    torch's own modules, are that layer's business: its own step stands for them. Functions of parameters
    (`self.weight.view(...)`) are not steps. After MAX_TRACE steps a last one, ["...", "", None, None, mode,
    {"cut": True}], says the rest was cut.
    """

    def __init__(self, model: nn.Module, records: list, mode: str):
        self.records, self.mode = records, mode
        self.limit = len(records) + MAX_TRACE
        self.inside: list[bool] = []  # per submodule running now: whether the functions it calls are hidden
        self.quiet = 0  # above 0 while the grader's own code runs in a hook
        self.handles = []
        self.functions = _FunctionTrace(self)
        for name, sub in _NAMED_MODULES(model):
            if not name:
                continue
            hidden = _opaque(sub)
            self.handles.append(_REGISTER_PRE_HOOK(sub, lambda mod, args, hidden=hidden: self._enter(hidden)))
            self.handles.append(
                _REGISTER_HOOK(sub, lambda mod, args, out, name=name: self._layer(name, mod, out))
            )
            self.handles.append(_REGISTER_HOOK(sub, self._leave, always_call=True))

    def __enter__(self):
        self.functions.__enter__()
        return self

    def __exit__(self, *exc):
        self.functions.__exit__(*exc)

    def remove(self) -> None:
        for handle in self.handles:
            handle.remove()

    def _enter(self, hidden: bool) -> None:
        self.inside.append(hidden)

    def _leave(self, mod, args, out) -> None:
        if self.inside:
            self.inside.pop()

    def _add(self, step: list) -> None:
        if len(self.records) < self.limit - 1:
            self.records.append(step)
        elif len(self.records) == self.limit - 1:
            self.records.append(["...", "", None, None, self.mode, {"cut": True}])

    def _layer(self, name: str, mod: nn.Module, out) -> None:
        self.quiet += 1
        try:
            out = observed(out)
            shape = _shape(out) if isinstance(out, torch.Tensor) else None
            value = fingerprint(out) if shape is not None else None
            self._add([_name(name), _name(type(mod).__name__), shape, value, self.mode, _pool_info(mod)])
        finally:
            self.quiet -= 1

    def function(self, op: str, args: tuple, kwargs: dict | None, out) -> None:
        """A traced function returned `out`: a step, unless a layer called it or it works on a parameter."""
        if self.quiet or any(self.inside) or len(self.records) >= self.limit:
            return
        self.quiet += 1
        try:
            first = args[0] if args else None
            if not isinstance(first, torch.Tensor) or isinstance(first, nn.Parameter):
                return
            if isinstance(out, tuple | list) and out:
                out = out[0]  # max_pool2d(..., return_indices=True)
            if not isinstance(out, torch.Tensor) or codec.unsendable(out) is not None:
                return
            shape = [int(d) for d in torch._C.TensorBase.shape.__get__(out)]  # never a subclass's own `shape`
            info: dict = {"op": op}
            if op in ("max_pool2d", "avg_pool2d"):
                info["pool"] = op[:-2]
                kernel = _pair_of_ints(args[1] if len(args) > 1 else (kwargs or {}).get("kernel_size"))
                if kernel:
                    info["kernel"] = kernel
            self._add([f"{op}()", op, shape, None, self.mode, info])
        except Exception:  # noqa: BLE001 (a step the trace cannot read is left out; forward goes on)
            return
        finally:
            self.quiet -= 1


class _FunctionTrace(TorchFunctionMode):
    """Tells a `_Trace` of every traced function forward calls; runs each call unchanged."""

    def __init__(self, trace: _Trace):
        super().__init__()
        self.trace = trace

    def __torch_function__(self, func, types, args=(), kwargs=None):
        out = func(*args, **(kwargs or {}))
        op = getattr(func, "__name__", None)
        if type(op) is str and op.rstrip("_") in TRACED_FUNCTIONS:
            self.trace.function(op.rstrip("_"), args, kwargs, out)
        return out


def _opaque(module: nn.Module) -> bool:
    """Whether the functions a module calls stay out of the trace: a layer without submodules (its output is
    its step) or one of torch's own modules, containers aside."""
    try:
        if not any(child is not None for child in module._modules.values()):
            return True
    except Exception:  # noqa: BLE001 (a student's module may break its own attributes)
        return True
    containers = nn.Sequential | nn.ModuleList | nn.ModuleDict
    return type(module).__module__.startswith("torch.") and not isinstance(module, containers)


def _pair_of_ints(value) -> list[int] | None:
    """A kernel size as [kh, kw] (2 gives [2, 2]); None for anything else."""
    if type(value) is int:
        return [value, value]
    if isinstance(value, tuple | list) and len(value) == 2 and all(type(v) is int for v in value):
        return [int(value[0]), int(value[1])]
    return None


def _pool_info(module: nn.Module) -> dict | None:
    if isinstance(module, nn.MaxPool2d | nn.AvgPool2d):
        info = {"pool": "max_pool" if isinstance(module, nn.MaxPool2d) else "avg_pool"}
        kernel = _pair_of_ints(module.kernel_size)
        return {**info, "kernel": kernel} if kernel else info
    return None


@_guard
def layer_list(namespace: dict, params: dict) -> dict:
    """Calls a function that should return a list of layers and describes what came back."""
    fn = _lookup(namespace, params["factory"])
    layers = _call(fn, *params.get("args", []), **params.get("kwargs", {}))
    if not isinstance(layers, list | tuple):
        return {"returned": _name(type(layers).__name__)}
    return {"returned": _name(type(layers).__name__), "layers": [describe_layer(m) for m in layers]}


@_guard
def buffers_after_calls(namespace: dict, params: dict, reveal) -> dict:
    """Builds a module, loads the given state, then runs the calls in order, each in its mode, on an input that
    requires grad (as in training), and reports after each one its output, every buffer's value (persistent or
    not), and the buffers that carry an autograd graph."""
    model = _construct(namespace, params)
    params = {**params, **reveal({"type": _name(type(model).__name__)})}
    load = _load(model, params["state"])
    if load["error"] is not None:
        return {"load": load}
    steps = []
    for call in params["calls"]:
        try:
            _TRAIN(model, call["mode"] == "train")
            with torch.enable_grad():
                out = model(*[x.clone().requires_grad_() for x in call["inputs"]])
            output = _output(out)
        except StudentError as exc:
            output = {"error": str(exc)}
        except Exception as exc:  # noqa: BLE001
            output = {"error": describe_exception(exc)}
        buffers = {_name(n): b for n, b in _NAMED_BUFFERS(model)}
        steps.append(
            {
                "output": output,
                "buffers": {n: observed(b.detach().clone()) for n, b in buffers.items()},
                "graph": [n for n, b in buffers.items() if b.requires_grad or b.grad_fn is not None],
            }
        )
    return {"load": load, "steps": steps}


# -------------------------------------------------------------------------------------------- functions


@_guard
def count_parameters(namespace: dict, params: dict) -> dict:
    fn = _lookup(namespace, "count_parameters")
    counts = []
    for name in params["models"]:
        for trainable_only in (False, True):
            model = fixtures.build(name, params.get("seed", 0))
            value = _call(fn, model, trainable_only=True) if trainable_only else _call(fn, model)
            counts.append([name, trainable_only, value if type(value) is int else repr(value)])
    return {"counts": counts}


@_guard
def freeze(namespace: dict, params: dict) -> dict:
    """Each case on a fresh model: what freeze returned, every parameter's flag after, and what else changed.

    A case whose call raises records its error and the next case still runs, so every failing case is seen.
    """
    fn = _lookup(namespace, "freeze")
    cases = []
    for name, prefixes in params["cases"]:
        model = fixtures.build(name, params.get("seed", 0))
        frozen_before = [n for n, p in _NAMED_PARAMETERS(model) if not p.requires_grad]
        before = {n: p.detach().clone() for n, p in _NAMED_PARAMETERS(model)}
        buffers = {n: b.detach().clone() for n, b in _NAMED_BUFFERS(model)}
        try:
            returned = _names(_call(fn, model, list(prefixes)))
        except StudentError as exc:
            cases.append({"error": str(exc), "frozen_before": frozen_before})
            continue
        flags = {n: p.requires_grad for n, p in _NAMED_PARAMETERS(model)}
        changed = [n for n, p in _NAMED_PARAMETERS(model) if not torch.equal(p.detach(), before[n])]
        buffers_changed = [
            n for n, b in _NAMED_BUFFERS(model) if n in buffers and not torch.equal(b.detach(), buffers[n])
        ]
        # `module.requires_grad = False` only adds a plain attribute to the module: nothing is frozen.
        module_flags = [_name(n) for n, m in _NAMED_MODULES(model) if "requires_grad" in vars(m)]
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
    for name, sub in _NAMED_MODULES(model):
        if any(len(vars(sub).get(d) or {}) for d in _HOOK_DICTS):
            left.append(_name(name or "(model)"))
    return left


def _model_flags(model: nn.Module) -> dict:
    return {
        "training": {_name(n or "(model)"): m.training for n, m in _NAMED_MODULES(model)},
        "requires_grad": {_name(n): p.requires_grad for n, p in _NAMED_PARAMETERS(model)},
        "grad": {
            _name(n): None if p.grad is None else p.grad.detach().clone() for n, p in _NAMED_PARAMETERS(model)
        },
        "values": {_name(n): p.detach().clone() for n, p in _NAMED_PARAMETERS(model)},
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
    """A returned dict of outputs: its keys in order, each value as `_output` sees it, and which carry a graph."""
    if not isinstance(value, dict):
        return {"type": _name(type(value).__name__)}
    return {
        "type": _name(type(value).__name__),
        "keys": [_name(k if isinstance(k, str) else repr(k)) for k in value],
        "values": [_output(v) for v in value.values()],
        "graph": [
            _name(k if isinstance(k, str) else repr(k))
            for k, v in value.items()
            if isinstance(v, torch.Tensor) and (v.requires_grad or v.grad_fn is not None)
        ],
    }


@_guard
def extract_features(namespace: dict, params: dict) -> dict:
    """Each case on a fresh FeatureNet in the case's modes, with a frozen parameter and a gradient already there:
    what `extract_features(model, x, layers)` returned or raised, how many times forward ran, the hooks left on
    the model (and globally), whether autograd is still on, and which modes, flags, gradients and values changed.
    """
    fn = _lookup(namespace, "extract_features")
    seed = params.get("seed", 0)
    cases = []
    for k, case in enumerate(params["cases"]):
        model = fixtures.build("FeatureNet", 6 + seed)
        _TRAIN(model, case["train"])
        for name in case.get("eval_modules", []):
            _TRAIN(model.get_submodule(name), False)
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
                "type": _name(type(exc).__name__),
                "error": describe_exception(exc),
                "names_it": bool(case.get("unknown")) and case["unknown"] in _message(exc),
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


@_guard
def load_matching(namespace: dict, params: dict) -> dict:
    fn = _lookup(namespace, "load_matching")
    cases = []
    for case in params["cases"]:
        model = fixtures.build(case["target"], 1 + params.get("seed", 0), *case.get("target_args", []))
        source = _STATE_DICT(
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
                "returned": _names(returned),
                "state": _observed_state(_STATE_DICT(model)),
                "source_changed": source_changed,
            }
        )
    return {"cases": cases}


@_guard
def strip_prefix(namespace: dict, params: dict) -> dict:
    fn = _lookup(namespace, "strip_prefix")
    cases = []
    for case in params["cases"]:
        source = fixtures.prefixed_state_dict(case["seed"] + params.get("seed", 0))
        if case.get("plain_dict"):
            source = dict(source)
        if case.get("rename"):
            source = type(source)((k.replace("module.", case["rename"]), v) for k, v in source.items())
        values = list(source.values())
        returned = _call(fn, source, case["prefix"]) if "prefix" in case else _call(fn, source)
        if not isinstance(returned, dict):
            cases.append({"type": _name(type(returned).__name__)})
            continue
        cases.append(
            {
                "type": _name(type(returned).__name__),
                "keys": [_name(str(k)) for k in returned],
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


@_guard
def checkpoint(namespace: dict, params: dict) -> dict:
    save, load = _lookup(namespace, "save_checkpoint"), _lookup(namespace, "load_checkpoint")
    with tempfile.TemporaryDirectory() as folder:
        return _checkpoint(save, load, os.path.join(folder, "checkpoint.pt"), params)


def _checkpoint(save, load, path: str, params: dict) -> dict:
    seed = params.get("seed", 0)  # 0 for the public probes; hidden ones shift every seed
    torch.manual_seed(seed)
    model = fixtures.ResumeNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    _train_steps(model, optimizer, 3, seed=1 + seed)
    _call(save, path, model, optimizer, params["epoch"])
    with open(path, "rb") as f:
        saved = f.read(params.get("max_bytes", 8 << 20))
    _train_steps(model, optimizer, 3, seed=2 + seed)
    uninterrupted = _observed_state(_STATE_DICT(model))

    torch.manual_seed(123 + seed)
    resumed = fixtures.ResumeNet()
    optimizer = torch.optim.Adam(resumed.parameters(), lr=0.05)
    epoch = _call(load, path, resumed, optimizer)
    _train_steps(resumed, optimizer, 3, seed=2 + seed)
    return {
        "file": saved,
        "epoch": epoch if type(epoch) is int else repr(epoch),
        "uninterrupted": uninterrupted,
        "resumed": _observed_state(_STATE_DICT(resumed)),
    }


REUSED_LAYERS = ("conv1", "conv2", "fc1", "fc2")  # the trained LeNet's layers a model-surgery answer keeps


@_guard
def extra_input(namespace: dict, params: dict) -> dict:
    """Model surgery: for each case, a trained LeNet (a fixture, from the seed) and the submission's
    `LeNetWithMeta(lenet, meta_features, num_classes)` built around it. Observes which of LeNet's layers are the
    very same objects, the structure (names, shapes, requires_grad), the outputs on (x, meta) with the new
    parameters drawn from the seed, what load_state_dict(lenet.state_dict(), strict=False) reports, and which
    of the trained LeNet's entries changed.
    """
    factory = _lookup(namespace, "LeNetWithMeta")
    seed = params.get("seed", 0)
    cases = []
    for k, case in enumerate(params["cases"]):
        lenet = fixtures.build("TrainedLeNet", 10 * k + seed)
        trained = {key: value.clone() for key, value in _STATE_DICT(lenet).items()}
        model = _call(factory, lenet, case["meta_features"], case["num_classes"])
        if not isinstance(model, _BASE):
            raise StudentError(
                f"`LeNetWithMeta(...)` returned a {_name(type(model).__name__)}, not an nn.Module"
            )
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
            for name, p in _NAMED_PARAMETERS(model):
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
        result["outputs"], _ = _forward_calls(model, calls, False)
        result["load"] = _load(model, _STATE_DICT(lenet))
        after = _STATE_DICT(lenet)
        result["lenet_changed"] = sorted(
            {_name(k) for k in set(trained) ^ set(after)}
            | {_name(k) for k in trained if k in after and not torch.equal(trained[k], after[k])}
        )
        cases.append(result)
    return {"cases": cases}


@_guard
def predict(namespace: dict, params: dict) -> dict:
    fn = _lookup(namespace, "predict")
    cases = []
    for case in params["cases"]:
        model = fixtures.build("PredictNet", 3 + params.get("seed", 0))
        _TRAIN(model, case["train"])
        for name in case.get("eval_modules", []):
            _TRAIN(model.get_submodule(name), False)
        x = torch.randn(5, 6, generator=torch.Generator().manual_seed(4 + params.get("seed", 0)))
        torch.manual_seed(5)  # Dropout, if a wrong solution leaves it on, draws the same mask on both sides.
        try:
            out = _call(fn, model, x)
        finally:
            grad_mode = torch.is_grad_enabled()
            torch.set_grad_enabled(True)
        result = _output(out)
        result["grad_mode"] = grad_mode
        if isinstance(out, torch.Tensor):
            result["grad"] = out.requires_grad or out.grad_fn is not None
        result["training"] = {name or "(model)": m.training for name, m in _NAMED_MODULES(model)}
        cases.append(result)
    return {"cases": cases, "raising": _predict_raising(fn, params["raising"], params.get("seed", 0))}


def _predict_raising(fn, case: dict, seed: int = 0) -> dict:
    """The flags after predict on an input whose forward raises (7 features where fc1 takes 6)."""
    model = fixtures.build("PredictNet", 3 + seed)
    _TRAIN(model, case["train"])
    for name in case.get("eval_modules", []):
        _TRAIN(model.get_submodule(name), False)
    try:
        fn(model, torch.randn(5, 7, generator=torch.Generator().manual_seed(4 + seed)))
    except Exception:  # noqa: BLE001, S110 (the error is the point; only the flags afterwards are observed)
        pass
    finally:
        torch.set_grad_enabled(True)
    return {"training": {name or "(model)": m.training for name, m in _NAMED_MODULES(model)}}


DRIVERS = MappingProxyType(
    {
        fn.__name__: fn
        for fn in (
            module,
            layer_list,
            buffers_after_calls,
            count_parameters,
            freeze,
            extract_features,
            load_matching,
            strip_prefix,
            checkpoint,
            extra_input,
            predict,
        )
    }
)


REVEALING = frozenset({"module", "buffers_after_calls"})  # drivers that take sealed values after a commit


def run(name: str, namespace: dict, params: dict, reveal=None, _drivers=DRIVERS) -> dict:
    """Runs one driver; whatever the student's code does, the answer is a dict.

    `reveal(observation so far) -> sealed values` is how a driver gets the probe's sealed values (see
    `sealed`); in the grader's own process (the reference, known mistakes, a student's own kernel) they are
    simply `params`' own. The table of drivers is bound when this module loads, before any student code runs:
    rebinding `drivers.DRIVERS` from a submission changes nothing.
    """
    if reveal is None:
        params, hidden = sealed.split(params)

        def reveal(_observation, hidden=hidden):
            return hidden

    grad_mode = torch.is_grad_enabled()
    try:
        driver = _drivers[name]
        found = driver(namespace, params, reveal) if name in REVEALING else driver(namespace, params)
        return codec.clip_strings(found)
    except RecursionError:
        return {"error": "RecursionError: maximum recursion depth exceeded"}
    except Exception as exc:  # noqa: BLE001
        return {"error": describe_exception(exc)}
    finally:
        # Student code may switch autograd off for good; whoever grades next must not inherit that.
        torch.set_grad_enabled(grad_mode)
