"""Module exercises as data: configurations to build, inputs to try, and the standard checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import torch

from autograder import oracle
from autograder.checks import forward, structure
from autograder.exercises import weights
from autograder.exercises.spec import Chapter, Check, Exercise, Mistake, Probe, ProbeSet, stage
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
            probes.append(Probe("module", params, stage("running", what=label)))
        return probes

    return make


def module_exercise(
    *,
    chapter: Chapter,
    id: str,
    factory: str,
    configs: tuple[Config, ...],
    title: str | None = None,
    names: tuple[str, ...] | None = None,
    parts: tuple[str, ...] = (),
    train: bool = False,
    buffers: bool = False,
    registered: bool = False,
    has_parameters: bool = True,
    backward: bool = False,
    extra_checks: tuple[Check, ...] = (),
    extra_probes: Callable[[ProbeSet], list[Probe]] | None = None,
    strict_state: Callable | None = None,
    mistakes: tuple[str, ...] = (),
    mistake_part: str = "",
    hints: tuple[str, ...] = (),
) -> Exercise:
    """An exercise whose answer is an nn.Module (or a function returning one), `factory`, built from `configs`.

    Args:
        chapter: the chapter it is declared in (`Chapter.of(__name__)`): its assignment, and where its
            references live (`autograder/answers/<topic>.py`, under the names a submission defines).
        id: the exercise's id, e.g. "double_conv".
        factory: the class (or function) the probes build, e.g. "DoubleConv".
        configs: how the probes build it, and the inputs its forward is tried on.
        title: what the report calls it in English; `factory` when omitted (other languages: `[titles]`).
        names: what a submission defines, in the order `check(id, *objects)` takes them; `(factory,)` when
            omitted.
        parts: earlier exercises' classes it is built from, bound to their references too (`("DoubleConv",)`).
        train: also judge forward in training mode (batches of more than one).
        buffers: also judge the buffers' names and shapes.
        registered: also check every parameter is a trainable float32 nn.Parameter, none a plain tensor.
        has_parameters: judge the parameters' shapes (False for a module with none).
        backward: also judge the gradients of every parameter after a backward pass.
        extra_checks: the exercise's own checks, judged after the standard ones and before forward.
        extra_probes: the exercise's own probes, tried after the standard ones.
        strict_state: `(config, generator) -> state_dict` a configuration must also load strictly.
        mistakes: known mistakes ("<name>" for "<id>.<name>", or another exercise's "<id>.<name>"): their wrong
            variants are in `autograder/answers/mistakes/<chapter>.py`, their texts under `[mistakes]` in the
            catalogues; a failure whose observation matches a variant's names that mistake.
        mistake_part: the class the mistakes live in when they are another exercise's (a UNet's "Up").
        hints: parameters with exercise-specific advice (`[hints]` in the catalogues, "<id>.<parameter>").

    Checks, in order: constructs, parameter_names, [parameter_shapes], [parameters_are_registered],
    [buffers], *extra_checks, forward, [forward_train], [gradients].
    """
    reference = chapter.reference(factory)
    names = names or (factory,)
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
    checks.extend(extra_checks)
    checks.append(Check("forward", forward.forward("eval"), forward.passed("eval")))
    if train:
        checks.append(Check("forward_train", forward.forward("train"), forward.passed("train")))
    if backward:
        checks.append(Check("gradients", forward.gradients, lambda ctx: [finding("gradients_match")]))
    base = module_probes(id, factory, reference, configs, train, strict_state, backward)

    def probes(probe_set: ProbeSet) -> list[Probe]:
        with weights.on_the_cpu():  # the grader's draws, whatever torch's defaults in a student's notebook
            return base(probe_set) + (extra_probes(probe_set) if extra_probes else [])

    return Exercise(
        id=id,
        assignment=chapter.assignment,
        title=title or factory,
        names=names,
        # The factory first: the recorded signatures keep this order.
        reference={name: chapter.reference(name) for name in dict.fromkeys((factory, *names, *parts))},
        probes=probes,
        checks=tuple(checks),
        mistakes=tuple(Mistake(name if "." in name else f"{id}.{name}", mistake_part) for name in mistakes),
        hints=tuple(hints),
    )
