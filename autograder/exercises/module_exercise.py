"""Module exercises as data: configurations to build, inputs to try, and the standard checks."""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from autograder import oracle
from autograder.checks import forward, structure
from autograder.exercises import weights
from autograder.exercises.spec import Check, Exercise, Mistake, Probe, ProbeSet
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


def forward_calls(inputs: list[tuple], repeat_first: bool, train: bool) -> list[dict]:
    """The forward calls a module probe makes: each input in eval mode (the first twice in a row when
    `repeat_first`: a forward that keeps state between calls shows it at once), then, with `train`, each batch
    of more than one in train mode."""
    calls = [{"mode": "eval", "inputs": inputs[0]}]
    if repeat_first:
        calls.append({"mode": "eval", "inputs": inputs[0], "repeat": True})
    calls += [{"mode": "eval", "inputs": x} for x in inputs[1:]]
    if train:
        calls += [{"mode": "train", "inputs": x} for x in inputs if x[0].shape[0] > 1]
    return calls


def module_probes(
    exercise_id: str,
    factory: str,
    reference: str,
    configs: tuple,
    train: bool,
    strict_state=None,
    backward=False,
):
    """Builds, for each configuration, the grader's weights (drawn from the reference's layout, see
    `exercises.weights`) and the inputs, deterministic per exercise and probe set."""

    def make(probe_set: ProbeSet) -> list[Probe]:
        probes = []
        for k, config in enumerate(configs):
            seed = probe_set.seed(exercise_id, k)
            layout = oracle.get().layout(exercise_id, k, seed, reference, config.args, config.kwargs)
            generator = torch.Generator().manual_seed(seed)
            state = weights.draw(layout, generator)
            inputs = [
                tuple(torch.randn(shape, generator=generator) for shape in entry) for entry in config.inputs
            ]
            calls = forward_calls(inputs, repeat_first=k == 0, train=train)
            label = config.label(factory)
            params = {
                "label": label,
                "factory": factory,
                "args": list(config.args),
                "kwargs": dict(config.kwargs),
                "state": state,
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
    reference: str,
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
    mistakes: tuple[str, ...] = (),
    hints: tuple[str, ...] = (),
    mistake_part: str = "",
    strict_state=None,
    has_parameters: bool = True,
    backward: bool = False,
) -> Exercise:
    """An exercise whose answer is an nn.Module (or a function returning one) built from `configs`.

    Checks, in order: constructs, parameter_names, parameter_shapes, [parameters_are_registered], [buffers],
    [state_dict_keys], *extra_checks, forward_eval, [forward_train]. `reference` is where the reference class
    lives in `autograder.answers` ("modules:LeNet"), `namespace` the same for every name a submission defines.
    `mistakes` names known mistakes ("<id>.<name>", or "<name>" for this exercise's own): their wrong variants are
    in `autograder.answers.mistakes`, their texts under `[mistakes]` in the catalogues; a forward failure that
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

    def probes(probe_set: ProbeSet) -> list[Probe]:
        return base(probe_set) + (extra_probes(probe_set) if extra_probes else [])

    namespace = namespace or {factory: reference}
    return Exercise(
        id=id,
        assignment=assignment,
        title=title,
        names=names or (factory,),
        reference=namespace,
        probes=probes,
        checks=tuple(checks),
        mistakes=tuple(Mistake(name if "." in name else f"{id}.{name}", mistake_part) for name in mistakes),
        hints=tuple(hints),
    )
