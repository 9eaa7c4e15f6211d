"""The module observer: a student's nn.Module built, its structure read (names, shapes, kinds), the grader's
weights loaded after the structure is committed (see `sealed`), its forward calls run and traced."""

from __future__ import annotations

from types import MappingProxyType

import torch
from torch import nn
from torch.overrides import TorchFunctionMode

from autograder.jailed import codec
from autograder.jailed.observe.common import (
    BASE,
    LOAD_STATE_DICT,
    MAX_LINE,
    MAX_TRACE,
    NAMED_BUFFERS,
    NAMED_MODULES,
    NAMED_PARAMETERS,
    REGISTER_HOOK,
    REGISTER_PRE_HOOK,
    STATE_DICT,
    TRACED_FUNCTIONS,
    TRAIN,
    StudentError,
    call_student,
    clip_name,
    describe_exception,
    error_dict,
    guarded,
    lookup_name,
    observed,
    output_of,
    shape_of,
)


def structure(module: nn.Module) -> dict:
    """Names, shapes and kinds of everything registered in `module`, and attributes PyTorch cannot see."""
    params = [[clip_name(n), shape_of(p), str(p.dtype), p.requires_grad] for n, p in NAMED_PARAMETERS(module)]
    buffers = [[clip_name(n), shape_of(b)] for n, b in NAMED_BUFFERS(module)]
    state = [
        [clip_name(k), shape_of(v)] for k, v in STATE_DICT(module).items() if isinstance(v, torch.Tensor)
    ]
    modules = [[clip_name(n), clip_name(type(m).__name__), short_repr(m)] for n, m in NAMED_MODULES(module)]
    hidden = []
    for prefix, sub in NAMED_MODULES(module):
        for attr, value in vars(sub).items():
            if attr.startswith("_"):
                continue
            path = clip_name(f"{prefix}.{attr}" if prefix else attr)
            if isinstance(value, torch.Tensor) and not isinstance(value, nn.Parameter):
                hidden.append({"kind": "plain_tensor", "path": path, "shape": shape_of(value)})
            elif isinstance(value, list | tuple) and any(isinstance(v, nn.Module) for v in value):
                hidden.append({"kind": "list", "path": path, "type": clip_name(type(value).__name__)})
            elif isinstance(value, dict) and any(isinstance(v, nn.Module) for v in value.values()):
                hidden.append({"kind": "dict", "path": path, "type": clip_name(type(value).__name__)})
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
    return short_repr(module)


def short_repr(module: nn.Module) -> str:
    try:
        return codec.clip(f"{type(module).__name__}({module.extra_repr()})", MAX_LINE)
    except Exception:  # noqa: BLE001
        return clip_name(type(module).__name__)


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


def construct_module(namespace: dict, params: dict, modules: list | None = None) -> nn.Module:
    factory = lookup_name(namespace, params["factory"])
    module = call_student(factory, *(modules or []), *params.get("args", []), **params.get("kwargs", {}))
    if not isinstance(module, BASE):
        found = clip_name(type(module).__name__)
        raise StudentError(error_dict("", cause="not_module", name=clip_name(params["factory"]), found=found))
    return module


@guarded
def module(namespace: dict, params: dict, reveal) -> dict:
    """Builds a module, reports its structure, loads the given weights and runs the given forward calls.

    The weights (`state`, `strict_state`: their names and shapes are the structure's answer) are revealed only
    after the structure is committed (see `sealed`).

    With "modules" (layer specs, see `layers_from_specs`) the module is a container: those layers, built fresh,
    are passed first, and what nn.Sequential names their state_dict keys is observed; with "indices" too, what
    len() and indexing the container give (`_sequence`).
    """
    modules = layers_from_specs(params["modules"]) if params.get("modules") is not None else None
    model = construct_module(namespace, params, modules)
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
        result["sequential_keys"] = [clip_name(k) for k in STATE_DICT(_SEQUENTIAL(*modules))]
        if params.get("indices") is not None:
            result["sequence"] = _sequence(model, modules, params["indices"])
    params = {**params, **reveal(result)}
    if params.get("state") is not None:
        result["load"] = load_state(model, params["state"])
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
            result["outputs"], result["trace"] = forward_calls(
                model, params["calls"], params.get("trace", False)
            )
        elif params.get("trace"):
            # The weights did not fit; the module's own weights still show where the shapes go wrong.
            _, result["trace"] = forward_calls(model, params["calls"][:1], True)
            result["trace_own_weights"] = True
    return result


def _sequence(model: nn.Module, modules: list, indices: list) -> dict:
    """len(model), and for each index what model[index] gave: the position of one of `modules` (the very
    object), another object's type, or the exception's type and message."""
    try:
        length = {"value": len(model)}
    except Exception as exc:  # noqa: BLE001
        length = {"raised": clip_name(type(exc).__name__), "error": describe_exception(exc)}
    items = []
    for index in indices:
        try:
            got = model[index]
        except Exception as exc:  # noqa: BLE001
            items.append({"raised": clip_name(type(exc).__name__), "error": describe_exception(exc)})
            continue
        position = next((k for k, m in enumerate(modules) if m is got), None)
        items.append(
            {"position": position} if position is not None else {"type": clip_name(type(got).__name__)}
        )
    return {"len": length, "items": items}


def _gradients(model: nn.Module, inputs: list) -> dict:
    """Gradients of a fixed function of the output with respect to each parameter (None where none arrives)."""
    try:
        TRAIN(model, False)
        model.zero_grad(set_to_none=True)
        with torch.enable_grad():
            out = model(*[x.clone() for x in inputs])
            if not (isinstance(out, torch.Tensor) and out.requires_grad):
                return {"grads": {n: None for n, _ in NAMED_PARAMETERS(model)}}
            weights = torch.linspace(-1.0, 1.0, out.numel()).reshape(out.shape)
            (out * weights).sum().backward()
        return {
            "grads": {
                clip_name(n): (None if p.grad is None else observed(p.grad.clone()))
                for n, p in NAMED_PARAMETERS(model)
            }
        }
    except Exception as exc:  # noqa: BLE001
        return {"error": describe_exception(exc)}


def load_state(model: nn.Module, state: dict) -> dict:
    try:
        missing, unexpected = LOAD_STATE_DICT(model, state, strict=False)
        return {
            "error": None,
            "missing": [clip_name(k) for k in missing],
            "unexpected": [clip_name(k) for k in unexpected],
        }
    except Exception as exc:  # noqa: BLE001
        return {"error": describe_exception(exc)}


def forward_calls(model: nn.Module, calls: list, trace: bool):
    outputs, records = [], []
    for i, call in enumerate(calls):
        first_of_mode = all(c["mode"] != call["mode"] for c in calls[:i])
        tracer = _Trace(model, records, call["mode"]) if trace and first_of_mode else None
        try:
            TRAIN(model, call["mode"] == "train")
            inputs = [x.clone() for x in call["inputs"]]
            with torch.no_grad():
                if tracer is None:
                    out = model(*inputs)
                else:
                    with tracer:
                        out = model(*inputs)
                outputs.append(output_of(out))
        except StudentError as exc:
            outputs.append({"error": exc.error})
        except Exception as exc:  # noqa: BLE001
            outputs.append({"error": describe_exception(exc)})
        finally:
            if tracer is not None:
                tracer.remove()
    return outputs, records


def output_sample(out: torch.Tensor, points: int = 64) -> torch.Tensor:
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
    - a submodule: its dotted name, its class name, the output's shape and `output_sample`, and for a 2-D max-
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
        for name, sub in NAMED_MODULES(model):
            if not name:
                continue
            hidden = _opaque(sub)
            self.handles.append(REGISTER_PRE_HOOK(sub, lambda mod, args, hidden=hidden: self._enter(hidden)))
            self.handles.append(
                REGISTER_HOOK(sub, lambda mod, args, out, name=name: self._layer(name, mod, out))
            )
            self.handles.append(REGISTER_HOOK(sub, self._leave, always_call=True))

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
            shape = shape_of(out) if isinstance(out, torch.Tensor) else None
            value = output_sample(out) if shape is not None else None
            self._add(
                [clip_name(name), clip_name(type(mod).__name__), shape, value, self.mode, _pool_info(mod)]
            )
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
