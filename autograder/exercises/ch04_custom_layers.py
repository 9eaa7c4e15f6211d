"""Assignment 04_custom_layers: Flatten, MyLinear and RunningNorm."""

import dataclasses

import torch
from torch import nn

from autograder.checks import structure
from autograder.checks.structure import built, judged
from autograder.checks.tensors import difference
from autograder.exercises.module_exercise import Config, module_exercise
from autograder.exercises.spec import Chapter, Check, Probe, ProbeSet, stage
from autograder.findings import Finding, finding

CHAPTER = Chapter.of(__name__)

FLATTEN = module_exercise(
    chapter=CHAPTER,
    id="flatten",
    factory="Flatten",
    configs=(Config(inputs=(((2, 3, 4, 5),), ((1, 3, 4, 5),), ((3, 7),), ((1, 1, 1),), ((4, 1, 2, 1),))),),
    has_parameters=False,
    mistakes=("flatten_all", "squeezed", "spatial", "last_two"),
)


def _linear_state(config, generator) -> dict:
    linear = nn.Linear(*config.args)
    with torch.no_grad():
        for p in linear.parameters():
            p.copy_(torch.randn(p.shape, generator=generator))
    return linear.state_dict()


@judged
def loads_linear_state_dict(ctx) -> list[Finding] | None:
    for label, student, _ in built(ctx):
        error = student.get("strict_load")
        if error:
            in_features, out_features = label[label.index("(") + 1 : -1].split(", ")
            linear = f"nn.Linear({in_features}, {out_features})"
            return [finding("linear_state_dict_does_not_load", {"config": label}, linear=linear, error=error)]
    return None


MYLINEAR = module_exercise(
    chapter=CHAPTER,
    id="mylinear",
    factory="MyLinear",
    configs=(
        Config(args=(6, 6), inputs=(((3, 6),), ((1, 6),))),
        Config(args=(5, 3), inputs=(((4, 5),), ((1, 5),), ((2, 3, 5),))),
    ),
    registered=True,
    backward=True,
    extra_checks=(Check("loads_nn_linear_state_dict", loads_linear_state_dict),),
    strict_state=_linear_state,
    mistakes=("no_bias", "relu", "not_transposed"),
)


NORM_CONFIGS = (
    Config(args=(4,), inputs=(((8, 4),), ((1, 4),), ((5, 4),))),
    Config(args=(3,), kwargs={"momentum": 0.3, "eps": 1e-3}, inputs=(((6, 3),), ((2, 3),))),
)
# After the standard probes (which start from zeros, ones and a count of 0): each configuration again, from
# running statistics and a count of its own, through batches in both modes, its buffers read after every call
# and the input's gradient after every call in training mode. A batch of 2 makes the unbiased variance twice the
# biased one.
NORM_CALLS = (("train", 8), ("train", 2), ("eval", 5), ("train", 5), ("eval", 3))
COUNTER = "num_batches_tracked"


def _batchnorm_state(features: int, generator: torch.Generator) -> dict:
    """An nn.BatchNorm1d(features, affine=False) checkpoint with statistics and a count no fresh layer has."""
    layer = nn.BatchNorm1d(features, affine=False)
    layer.running_mean.copy_(torch.randn(features, generator=generator))
    layer.running_var.copy_(torch.rand(features, generator=generator) + 0.5)
    layer.num_batches_tracked.fill_(int(torch.randint(5, 50, (), generator=generator)))
    return dict(layer.state_dict())


def _norm_probes(probe_set: ProbeSet) -> list[Probe]:
    probes = []
    for k, config in enumerate(NORM_CONFIGS):
        (features,) = config.args
        generator = torch.Generator().manual_seed(probe_set.seed("running_norm", 10 + k))
        state = {
            "running_mean": torch.randn(features, generator=generator) * 0.2,
            "running_var": torch.rand(features, generator=generator) * 1.5 + 0.5,
            COUNTER: torch.tensor(3 + k),
        }
        calls = [
            {"mode": mode, "inputs": [torch.randn(n, features, generator=generator) * 2 + 1]}
            for mode, n in NORM_CALLS
        ]
        label = config.label("RunningNorm")
        eps, momentum = config.kwargs.get("eps", 1e-5), config.kwargs.get("momentum", 0.1)
        params = {
            "label": label,
            "factory": "RunningNorm",
            "args": list(config.args),
            "kwargs": dict(config.kwargs),
            "state": state,
            "calls": calls,
            # The layer the contract says it is interchangeable with, and a checkpoint of one.
            "batchnorm": ["BatchNorm1d", features, eps, momentum, False],
            "strict_state": _batchnorm_state(features, generator),
        }
        probes.append(Probe("buffers_after_calls", params, stage("running_both_modes", what=label)))
    return probes


def _loaded_but_counter(side: dict) -> dict:
    """A module probe's observation as if the module had also taken the counter from the grader's state: the
    grader loads the state by name, and a non-persistent counter leaves `num_batches_tracked` unexpected. That is
    `state_dict_keys`'s finding alone; the forward calls ran all the same and are judged."""
    load = side.get("load")
    if not load or COUNTER not in (load.get("unexpected") or []):
        return side
    return {**side, "load": {**load, "unexpected": [k for k in load["unexpected"] if k != COUNTER]}}


def _judging_despite_counter(judge):
    def wrapper(ctx) -> list[Finding] | None:
        return judge(dataclasses.replace(ctx, student=[_loaded_but_counter(s) for s in ctx.student]))

    wrapper.__name__ = judge.__name__
    return wrapper


def _stats_probes(ctx):
    """(index, probe, student, expected) of each probe that reads the buffers after every call."""
    for i, probe in enumerate(ctx.probes):
        if probe.driver == "buffers_after_calls":
            yield i, probe, ctx.student[i], ctx.expected[i]


def _loaded(probe: Probe, student: dict) -> dict:
    """The student's observation of a stats probe, built and loaded (but for a counter it does not save);
    raises NotChecked otherwise."""
    label = probe.params["label"]
    if "error" in student:
        raise structure.NotChecked(finding("not_built", {"config": label}))
    load = student["load"]
    if load["error"] or load["missing"] or set(load["unexpected"]) - {COUNTER}:
        raise structure.NotChecked(finding("weights_load_by_name", {"config": label}, see="buffers"))
    return student


def _steps(ctx):
    """(probe, step number from 1, call, student's step, expected step, student's step before) of every call;
    raises NotChecked when a configuration cannot be built or loaded."""
    for _, probe, student, expected in _stats_probes(ctx):
        _loaded(probe, student)
        before = {**student["steps"][0]["buffers"], **probe.params["state"]}
        for j, (call, mine, want) in enumerate(
            zip(probe.params["calls"], student["steps"], expected["steps"], strict=True)
        ):
            yield probe, j + 1, call, mine, want, before
            before = mine["buffers"]


def _call_subject(probe: Probe, step: int, call: dict) -> dict:
    return {
        "config": probe.params["label"],
        "step": step,
        "mode": call["mode"],
        "batch": int(call["inputs"][0].shape[0]),
    }


def _same_stats(a: dict, b: dict) -> bool:
    """Whether two runs of a stats probe leave equal running statistics after every call."""
    if "steps" not in a or "steps" not in b:
        return False
    for x, y in zip(a["steps"], b["steps"], strict=True):
        for name in ("running_mean", "running_var"):
            if name not in x["buffers"] or difference(x["buffers"][name], y["buffers"][name]) is not None:
                return False
    return True


@judged
def running_stats(ctx) -> list[Finding] | None:
    indices = [i for i, *_ in _stats_probes(ctx)]
    for probe, step, call, mine, want, before in _steps(ctx):
        subject = _call_subject(probe, step, call)
        if "error" in mine["output"]:
            return [finding("forward_error_at", subject, error=mine["output"]["error"])]
        for name in ("running_mean", "running_var"):
            if name not in mine["buffers"]:
                return [finding("not_checked_see", see="buffers")]
            problem = difference(mine["buffers"][name], want["buffers"][name])
            if problem is None:
                continue
            if call["mode"] == "eval" and difference(mine["buffers"][name], before[name]) is not None:
                found = finding("stats_changed_in_eval", {**subject, "buffer": name})
            else:
                found = finding("running_stat_differs", {**subject, "buffer": name}, problem=problem)
            return [found] + ctx.matching_mistakes(_same_stats, indices)[:1]
        if mine["graph"]:
            return [finding("buffer_keeps_graph", {**subject, "buffer": mine["graph"][0]})]
    return None


def _count(value) -> float | None:
    if isinstance(value, torch.Tensor) and value.numel() == 1:
        return float(value.reshape(()))
    return None


@judged
def counts_batches(ctx) -> list[Finding] | None:
    """The counter goes up by one per call in training mode, from where the loaded state left it (from 0 when
    it does not take the saved count: that is `state_dict_keys`'s finding)."""
    for probe, step, call, mine, want, _ in _steps(ctx):
        if COUNTER not in mine["buffers"]:
            return [finding("not_checked_see", see="buffers")]
        found = _count(mine["buffers"][COUNTER])
        expected = int(_count(want["buffers"][COUNTER]))
        student = ctx.student[ctx.probes.index(probe)]
        if COUNTER in student["load"]["unexpected"]:
            expected -= int(probe.params["state"][COUNTER])
        if found != expected:
            shown = found if found is None else int(found) if found.is_integer() else found
            subject = _call_subject(probe, step, call)
            return [
                finding("counter_wrong", subject, expected=expected, found="?" if shown is None else shown)
            ]
    return None


def _same_strict_loads(a: dict, b: dict) -> bool:
    return all((a.get(k) is None) == (b.get(k) is None) for k in ("from_batchnorm", "into_batchnorm"))


@judged
def loads_batchnorm_state_dict(ctx) -> list[Finding] | None:
    """An nn.BatchNorm1d(affine=False) checkpoint loads into the module with strict=True, and the module's
    state_dict() loads into an nn.BatchNorm1d(affine=False): interchangeable, both ways."""
    indices = [i for i, *_ in _stats_probes(ctx)]
    for _, probe, student, _ in _stats_probes(ctx):
        _loaded(probe, student)
        label = probe.params["label"]
        layer = "nn.BatchNorm1d({}, eps={}, momentum={}, affine=False)".format(
            *probe.params["batchnorm"][1:4]
        )
        found = None
        if student.get("from_batchnorm") is not None:
            found = finding(
                "batchnorm_state_dict_does_not_load",
                {"config": label},
                layer=layer,
                error=student["from_batchnorm"],
            )
        elif student.get("into_batchnorm") is not None:
            found = finding(
                "state_dict_does_not_load_into_batchnorm",
                {"config": label},
                layer=layer,
                error=student["into_batchnorm"],
            )
        if found is not None:
            return [found] + ctx.matching_mistakes(_same_strict_loads, indices)[:1]
    return None


def _same_input_grads(a: dict, b: dict) -> bool:
    if "steps" not in a or "steps" not in b:
        return False
    for x, y in zip(a["steps"], b["steps"], strict=True):
        gx, gy = (x.get("input_grad") or {}).get("value"), (y.get("input_grad") or {}).get("value")
        if (gx is None) != (gy is None) or (gx is not None and difference(gx, gy) is not None):
            return False
    return True


@judged
def input_gradients(ctx) -> list[Finding] | None:
    """In training mode the batch's mean and variance depend on the input, and so does the gradient: the
    gradient of the input equals nn.BatchNorm1d's after every call in training mode."""
    indices = [i for i, *_ in _stats_probes(ctx)]
    for probe, step, call, mine, want, _ in _steps(ctx):
        if call["mode"] != "train" or "error" in mine["output"]:
            continue
        subject = _call_subject(probe, step, call)
        grad = mine.get("input_grad") or {}
        if "error" in grad:
            return [finding("backward_error_at", subject, error=grad["error"])]
        if grad.get("value") is None:
            return [finding("no_input_gradient", subject)]
        problem = difference(grad["value"], want["input_grad"]["value"])
        if problem is not None:
            found = finding("input_gradient_differs", subject, problem=problem)
            return [found] + ctx.matching_mistakes(_same_input_grads, indices)[:1]
    return None


def norm_state_dict_keys(ctx) -> list[Finding] | None:
    """The standard state_dict check, naming a known mistake whose state_dict keys are the student's."""
    found = structure.state_dict_keys(ctx)
    if not found:
        return None
    indices = [i for i, _ in structure.module_probe_items(ctx)]
    keys = lambda side: [k for k, _ in side["structure"]["state_dict"]]  # noqa: E731
    return found + ctx.matching_mistakes(lambda a, b: keys(a) == keys(b), indices)[:1]


_RUNNING_NORM = module_exercise(
    chapter=CHAPTER,
    id="running_norm",
    factory="RunningNorm",
    configs=NORM_CONFIGS,
    train=True,
    buffers=True,
    has_parameters=False,
    extra_checks=(
        Check("state_dict_keys", norm_state_dict_keys, structure.count_of("state_dict")),
        Check("loads_batchnorm_state_dict", loads_batchnorm_state_dict),
        Check("running_stats", running_stats),
        Check("counts_batches", counts_batches),
        Check("input_gradients", input_gradients),
    ),
    extra_probes=_norm_probes,
    mistakes=(
        "unbiased_normalise",
        "eval_batch_stats",
        "updates_in_eval",
        "biased_running_var",
        "momentum_reversed",
        "counter_not_persistent",
        "stats_without_grad",
    ),
)
RUNNING_NORM = dataclasses.replace(
    _RUNNING_NORM,
    checks=tuple(
        Check(c.name, _judging_despite_counter(c.judge), c.passes) if c.name.startswith("forward") else c
        for c in _RUNNING_NORM.checks
    ),
)

EXERCISES = (FLATTEN, MYLINEAR, RUNNING_NORM)
