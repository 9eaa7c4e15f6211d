"""Assignment 02_containers: Sequential names and VGG features from a configuration."""

from autograder.checks import structure
from autograder.checks.structure import judged
from autograder.exercises.module_exercise import Config, module_exercise
from autograder.exercises.spec import Check, Probe, ProbeSet
from autograder.findings import Finding, finding

VGG16_CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "C", 512, 512, 512, "M", 512, 512, 512]
SMALL_CFG = [8, "C", 16, "M", 16]


SEQUENTIAL_NAMES = module_exercise(
    "sequential_names",
    "02_containers",
    "Sequential names",
    "MyModel",
    "containers:MyModel",
    (Config(inputs=(((2, 1, 16, 16),), ((1, 1, 12, 13),))),),
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
        Probe("layer_list", {"factory": "make_vgg_layers", "args": [VGG16_CFG]}, "running make_vgg_layers"),
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
    "vgg_features",
    "02_containers",
    "VGG features",
    "VGGFeatures",
    "containers:VGGFeatures",
    (
        # 37 -> 18 -> 9 -> 'C' gives 5 (floor would give 4); 21 -> 10 -> 5 -> 'C' gives 3 (floor: 2).
        Config(args=(VGG16_CFG,), inputs=(((1, 3, 37, 37),), ((2, 3, 21, 21),))),
        Config(
            args=(SMALL_CFG,),
            kwargs={"in_channels": 1, "batch_norm": True},
            inputs=(((2, 1, 13, 13),), ((1, 1, 9, 10),), ((3, 1, 15, 14),)),
        ),
    ),
    names=("make_vgg_layers", "VGGFeatures"),
    namespace={"VGGFeatures": "containers:VGGFeatures", "make_vgg_layers": "containers:make_vgg_layers"},
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

EXERCISES = (SEQUENTIAL_NAMES, VGG_FEATURES)
