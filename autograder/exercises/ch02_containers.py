"""Assignment 02_containers: Sequential names, VGG features from a configuration, a Sequential of one's own
(MySequential) and a ModuleDict of heads whose forward returns a dict (MultiHead)."""

import torch
from torch import nn

from autograder.checks import structure
from autograder.checks.structure import built, judged, module_probe_items
from autograder.exercises import weights
from autograder.exercises.module_exercise import Config, forward_calls, module_exercise
from autograder.exercises.spec import Chapter, Check, Probe, ProbeSet, stage
from autograder.findings import Finding, finding
from autograder.jailed.observe.module import layers_from_specs

CHAPTER = Chapter.of(__name__)

VGG16_CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "C", 512, 512, 512, "M", 512, 512, 512]
SMALL_CFG = [8, "C", 16, "M", 16]


SEQUENTIAL_NAMES = module_exercise(
    chapter=CHAPTER,
    id="sequential_names",
    title="Sequential names",
    factory="MyModel",
    configs=(Config(inputs=(((2, 1, 16, 16),), ((1, 1, 12, 13),))),),
    mistakes=("only_layer1", "only_layer2", "product", "concatenated", "chained"),
    extra_checks=(
        Check(
            "uses_sequential",
            lambda ctx: (
                structure.judged_module_type("layer1", "Sequential")(ctx)
                or structure.judged_module_type("layer2", "Sequential")(ctx)
            ),
        ),
    ),
)


def _layer_hint(want: str, found: str) -> list[Finding]:
    """Which part of a VGG layer is wrong, in the words of the configuration."""
    if want.startswith("MaxPool2d") and "ceil_mode=True" in want and "ceil_mode=False" in found:
        return [finding("vgg_ceil_mode")]
    if want.startswith("MaxPool2d") and found.startswith("MaxPool2d"):
        return [finding("vgg_pool")]
    if want.startswith("BatchNorm2d") or found.startswith("BatchNorm2d"):
        return [finding("vgg_batch_norm")]
    if want.startswith("Conv2d") and found.startswith("Conv2d"):
        w_in, f_in = want.split(",")[0], found.split(",")[0]
        if w_in != f_in:
            return [finding("vgg_in_channels")]
        if want.split("padding=")[1] != found.split("padding=")[1]:
            return [finding("vgg_padding")]
    return []


def _layer_list_probes(probe_set: ProbeSet) -> list[Probe]:
    return [
        Probe(
            "layer_list",
            {"factory": "make_vgg_layers", "args": [VGG16_CFG]},
            stage("running", what="make_vgg_layers"),
        ),
        Probe(
            "layer_list",
            {
                "factory": "make_vgg_layers",
                "args": [SMALL_CFG],
                "kwargs": {"in_channels": 1, "batch_norm": True},
            },
            "running make_vgg_layers",
        ),
    ]


@judged
def make_vgg_layers(ctx) -> list[Finding] | None:
    for i, probe in enumerate(ctx.probes):
        if probe.driver != "layer_list":
            continue
        student, expected = ctx.student[i], ctx.expected[i]
        kwargs = "".join(f", {k}={v!r}" for k, v in probe.params.get("kwargs", {}).items())
        call = f"make_vgg_layers({probe.params['args'][0]}{kwargs})"
        if "error" in student:
            return [finding("call_error", {"call": call}, error=student["error"])]
        if "layers" not in student:
            return [finding("layers_not_list", {"call": call}, found=student["returned"])]
        found, want = student["layers"], expected["layers"]
        for index, (f, w) in enumerate(zip(found, want, strict=False)):
            if f != w:
                return [
                    finding("layer_differs", {"call": call, "index": index}, expected=w, found=f)
                ] + _layer_hint(w, f)
        if len(found) != len(want):
            return [finding("layer_count_differs", {"call": call}, found=len(found), expected=len(want))]
    return None


VGG_FEATURES = module_exercise(
    chapter=CHAPTER,
    id="vgg_features",
    title="VGG features",
    factory="VGGFeatures",
    configs=(
        # 37 -> 18 -> 9 -> 'C' gives 5 (floor would give 4); 21 -> 10 -> 5 -> 'C' gives 3 (floor: 2).
        Config(args=(VGG16_CFG,), inputs=(((1, 3, 37, 37),), ((2, 3, 21, 21),))),
        Config(
            args=(SMALL_CFG,),
            kwargs={"in_channels": 1, "batch_norm": True},
            inputs=(((2, 1, 13, 13),), ((1, 1, 9, 10),), ((3, 1, 15, 14),)),
        ),
    ),
    names=("make_vgg_layers", "VGGFeatures"),
    train=True,
    buffers=True,
    extra_checks=(
        Check("make_vgg_layers", make_vgg_layers),
        Check(
            "module_list",
            structure.judged_module_type("vgg", "ModuleList"),
        ),
    ),
    extra_probes=_layer_list_probes,
    mistakes=("ceil_as_floor",),
)


# MySequential's configurations: the layers passed to it (as data: the driver builds them with torch.nn) and the
# input shapes its forward is tried on.
SEQUENTIAL_CONFIGS = (
    # Every layer keeps 6 features, so the layers applied in another order still run, and give other values.
    ([["Linear", 6, 6], ["Tanh"], ["Linear", 6, 6], ["ReLU"], ["Linear", 6, 6]], ((2, 6), (1, 6))),
    # A BatchNorm1d: its buffers are state_dict keys too.
    ([["Linear", 4, 8], ["BatchNorm1d", 8], ["ReLU"], ["Linear", 8, 3]], ((3, 4),)),
)


def _sequential_probes(probe_set: ProbeSet) -> list[Probe]:
    """One module probe per configuration: the layers as specs, the grader's weights drawn for nn.Sequential of
    the same layers (its state_dict is the contract), the inputs, and the indices to try (in range from both
    ends, and one past each end)."""
    probes = []
    for k, (specs, shapes) in enumerate(SEQUENTIAL_CONFIGS):
        generator = torch.Generator().manual_seed(probe_set.seed("my_sequential", k))
        with torch.random.fork_rng(devices=[]):  # building layers draws their default weights: not ours
            layout = weights.layout_of(nn.Sequential(*layers_from_specs(specs)))
        state = weights.draw(layout, generator)
        inputs = [(torch.randn(shape, generator=generator),) for shape in shapes]
        calls = forward_calls(inputs, repeat_first=k == 0, train=False)
        n = len(specs)
        layers = ", ".join(f"nn.{name}({', '.join(map(str, args))})" for name, *args in specs)
        label = f"MySequential({layers})"
        params = {
            "label": label,
            "factory": "MySequential",
            "args": [],
            "kwargs": {},
            "modules": specs,
            "indices": [0, 1, n - 1, -1, -n, n, -n - 1],
            "state": state,
            "calls": calls,
            "trace": True,
            "backward": False,
        }
        probes.append(Probe("module", params, stage("running", what=label)))
    return probes


def _state_keys(observed: dict) -> list[str]:
    return [key for key, _ in observed["structure"]["state_dict"]]


def _same_keys(mine: dict, theirs: dict) -> bool:
    return _state_keys(mine) == _state_keys(theirs)


@judged
def sequential_keys(ctx) -> list[Finding] | None:
    """The state_dict keys, in order, are nn.Sequential's for the same layers (observed on the reference's side)."""
    for (i, _), (label, student, expected) in zip(module_probe_items(ctx), built(ctx), strict=True):
        if _state_keys(student) != expected["sequential_keys"]:
            return [
                finding(
                    "keys_not_sequential",
                    {"config": label},
                    expected=expected["sequential_keys"],
                    found=_state_keys(student),
                ),
                *ctx.matching_mistakes(_same_keys, [i]),
            ]
    return None


@judged
def length(ctx) -> list[Finding] | None:
    """len(model) is the number of modules passed in."""
    for label, student, expected in built(ctx):
        found, want = student["sequence"]["len"], expected["sequence"]["len"]
        if "raised" in found:
            return [finding("len_error", {"config": label}, error=found["error"])]
        if found != want:
            return [finding("len_wrong", {"config": label}, expected=want["value"], found=found["value"])]
    return None


def _outcome(item: dict) -> dict:
    """What model[index] gave, without the error's text (a known mistake raises from another line)."""
    return {k: v for k, v in item.items() if k != "error"}


def _same_indexing(mine: dict, theirs: dict) -> bool:
    return [_outcome(x) for x in mine["sequence"]["items"]] == [
        _outcome(x) for x in theirs["sequence"]["items"]
    ]


@judged
def indexing(ctx) -> list[Finding] | None:
    """model[i] is the i-th module passed in, counting from the end for a negative i; out of range, IndexError."""
    for (i, probe), (label, student, expected) in zip(module_probe_items(ctx), built(ctx), strict=True):
        count = len(probe.params["modules"])
        wrong = []
        for index, mine, want in zip(
            probe.params["indices"], student["sequence"]["items"], expected["sequence"]["items"], strict=True
        ):
            if _outcome(mine) == _outcome(want):
                continue
            subject = {"config": label, "index": index}
            if "raised" in want and "raised" in mine:
                wrong.append(finding("index_wrong_error", subject, found=mine["raised"], count=count))
            elif "raised" in want:
                wrong.append(
                    finding(
                        "index_should_raise" if "position" in mine else "index_should_raise_object",
                        subject,
                        found=mine.get("position", mine.get("type")),
                        count=count,
                    )
                )
            elif "raised" in mine:
                wrong.append(finding("index_raised", subject, expected=want["position"], error=mine["error"]))
            elif "position" in mine:
                wrong.append(
                    finding("index_wrong_module", subject, expected=want["position"], found=mine["position"])
                )
            else:
                wrong.append(
                    finding("index_not_module", subject, expected=want["position"], found=mine["type"])
                )
        if wrong:
            return wrong + ctx.matching_mistakes(_same_indexing, [i])
    return None


MY_SEQUENTIAL = module_exercise(
    chapter=CHAPTER,
    id="my_sequential",
    factory="MySequential",
    configs=(),
    extra_checks=(
        Check("sequential_keys", sequential_keys),
        Check("length", length),
        Check("indexing", indexing),
    ),
    extra_probes=_sequential_probes,
    mistakes=("names_from_one", "reversed", "getitem_by_name", "no_index_error"),
)


MULTI_HEAD = module_exercise(
    chapter=CHAPTER,
    id="multi_head",
    factory="MultiHead",
    configs=(
        # Heads not in sorted order, so that a dict built in another order shows; heads of one, two and three
        # linear layers, so that where the ReLUs go (and what the layers are named) shows.
        Config(args=(8, 16, {"parity": [2], "digit": [12, 10]}), inputs=(((2, 8),), ((1, 8),))),
        Config(args=(5, 12, {"topic": [6, 6, 4], "sentiment": [3], "language": [1]}), inputs=(((3, 5),),)),
    ),
    extra_checks=(Check("module_dict", structure.judged_module_type("heads", "ModuleDict")),),
    mistakes=("returns_list", "sorted_heads", "relu_after_heads", "no_trunk_relu"),
)

EXERCISES = (SEQUENTIAL_NAMES, VGG_FEATURES, MY_SEQUENTIAL, MULTI_HEAD)
