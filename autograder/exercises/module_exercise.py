"""Module exercises as data: configurations to build, inputs to try, and the standard checks."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import torch
from torch import nn

from autograder.checks import forward, structure
from autograder.exercises.spec import Check, Exercise, Mistake, Probe
from autograder.findings import finding


@dataclass(frozen=True)
class Config:
    """One way to build the module, and the inputs its forward is tried on.

    `inputs` holds one tuple of shapes per forward call (one shape per forward argument). Batch size 1 and
    sizes that need rounding belong here.
    """

    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    inputs: tuple = ()

    def label(self, factory: str) -> str:
        parts = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{factory}({', '.join(parts)})"


def randomize_(model: nn.Module, generator: torch.Generator) -> None:
    """The grader's weights: variance-preserving for convolutions and linear layers (so that even a deep
    network's output depends on its input), and BatchNorm affine weights and running statistics a default
    model would not have (so that swapped, missing or train-mode normalisation shows in the output)."""
    for module in model.modules():
        if isinstance(module, nn.Conv2d | nn.ConvTranspose2d | nn.Linear):
            with torch.no_grad():
                fan_in = (
                    module.weight[0].numel()
                    if not isinstance(module, nn.ConvTranspose2d)
                    else (module.weight.shape[0] * module.weight[0, 0].numel())
                )
                module.weight.normal_(0.0, (2.0 / fan_in) ** 0.5, generator=generator)
                if module.bias is not None:
                    module.bias.normal_(0.0, 0.1, generator=generator)
        if isinstance(module, nn.modules.batchnorm._BatchNorm):
            with torch.no_grad():
                if module.affine:
                    module.weight.uniform_(0.5, 1.5, generator=generator)
                    module.bias.normal_(0.0, 0.2, generator=generator)
                module.running_mean.normal_(0.0, 0.2, generator=generator)
                module.running_var.uniform_(0.5, 2.0, generator=generator)


def module_probes(
    exercise_id: str, factory: str, reference, configs: tuple, train: bool, strict_state=None, backward=False
):
    """Builds, for each configuration, the reference's weights and the inputs (deterministic per exercise)."""

    def make() -> list[Probe]:
        probes = []
        for k, config in enumerate(configs):
            seed = zlib.crc32(exercise_id.encode()) + k
            torch.manual_seed(seed)
            model = reference(*config.args, **config.kwargs)
            generator = torch.Generator().manual_seed(seed)
            randomize_(model, generator)
            inputs = [
                tuple(torch.randn(shape, generator=generator) for shape in entry) for entry in config.inputs
            ]
            calls = [{"mode": "eval", "inputs": inputs[0]}]
            if k == 0:
                # The first input twice in a row: a forward that keeps state between calls shows it at once.
                calls.append({"mode": "eval", "inputs": inputs[0], "repeat": True})
            calls += [{"mode": "eval", "inputs": x} for x in inputs[1:]]
            if train:
                batches = [x for x in inputs if x[0].shape[0] > 1]
                calls += [{"mode": "train", "inputs": x} for x in batches]
            label = config.label(factory)
            params = {
                "label": label,
                "factory": factory,
                "args": list(config.args),
                "kwargs": dict(config.kwargs),
                "state": model.state_dict(),
                "calls": calls,
                "trace": True,
                "backward": backward,
            }
            if strict_state is not None:
                params["strict_state"] = strict_state(config, generator)
            probes.append(Probe("module", params, f"running {label}"))
        return probes

    return make


def module_exercise(
    id: str,
    assignment: str,
    title: str,
    factory: str,
    reference,
    configs: tuple[Config, ...],
    *,
    names: tuple[str, ...] | None = None,
    namespace: dict | None = None,
    train: bool = False,
    buffers: bool = False,
    state_dict_keys: bool = False,
    registered: bool = False,
    extra_checks: tuple[Check, ...] = (),
    extra_probes=None,
    mistakes: tuple[tuple[str, object], ...] = (),
    hints: tuple[str, ...] = (),
    mistake_part: str = "",
    strict_state=None,
    has_parameters: bool = True,
    backward: bool = False,
) -> Exercise:
    """An exercise whose answer is an nn.Module (or a function returning one) built from `configs`.

    Checks, in order: constructs, parameter_names, parameter_shapes, [parameters_are_registered], [buffers],
    [state_dict_keys], *extra_checks, forward_eval, [forward_train]. `mistakes` pairs a mistake id (its text is
    `[mistakes]` "<id>.<name>" in the catalogues) with a wrong variant of `reference`; a forward failure that
    matches a variant's output names that mistake. `hints` names parameters with advice (`[hints]`).
    """
    checks = [
        Check("constructs", structure.constructs, structure.built_labels),
        Check("parameter_names", structure.parameter_names, structure.count_of("parameters")),
    ]
    if has_parameters:
        checks.append(
            Check("parameter_shapes", structure.parameter_shapes, lambda ctx: [finding("shapes_match")])
        )
    if registered:
        checks.append(
            Check(
                "parameters_are_registered",
                structure.parameters_are_registered,
                lambda ctx: [finding("params_registered")],
            )
        )
    if buffers:
        checks.append(Check("buffers", structure.buffers, structure.count_of("buffers")))
    if state_dict_keys:
        checks.append(Check("state_dict_keys", structure.state_dict_keys, structure.count_of("state_dict")))
    checks.extend(extra_checks)
    checks.append(Check("forward", forward.forward("eval"), forward.passed("eval")))
    if train:
        checks.append(Check("forward_train", forward.forward("train"), forward.passed("train")))
    if backward:
        checks.append(Check("gradients", forward.gradients, lambda ctx: [finding("gradients_match")]))
    base = module_probes(id, factory, reference, configs, train, strict_state, backward)

    def probes() -> list[Probe]:
        return base() + (extra_probes() if extra_probes else [])

    namespace = namespace or {factory: reference}
    return Exercise(
        id=id,
        assignment=assignment,
        title=title,
        names=names or (factory,),
        reference=namespace,
        probes=probes,
        checks=tuple(checks),
        mistakes=tuple(
            Mistake(name if "." in name else f"{id}.{name}", {**namespace, factory: variant}, mistake_part)
            for name, variant in mistakes
        ),
        hints=tuple(hints),
    )
