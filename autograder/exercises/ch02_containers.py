"""Assignment 02_containers: Sequential names and VGG features from a configuration."""

from autograder.checks import structure
from autograder.checks.structure import judged
from autograder.exercises.module_exercise import Config, module_exercise
from autograder.exercises.spec import Check, Probe
from autograder.reference import containers as ref

VGG16_CFG = [64, 64, "M", 128, 128, "M", 256, 256, 256, "C", 512, 512, 512, "M", 512, 512, 512]
SMALL_CFG = [8, "C", 16, "M", 16]


class _OnlyLayer1(ref.MyModel):
    def forward(self, x):
        return self.layer1(x)


class _OnlyLayer2(ref.MyModel):
    def forward(self, x):
        return self.layer2(x)


class _Product(ref.MyModel):
    def forward(self, x):
        return self.layer1(x) * self.layer2(x)


SEQUENTIAL_NAMES = module_exercise(
    "sequential_names",
    "02_containers",
    "Sequential names",
    "MyModel",
    ref.MyModel,
    (Config(inputs=(((2, 1, 16, 16),), ((1, 1, 12, 13),))),),
    mistakes=(
        ("forward returns only layer1(x); it should return layer1(x) + layer2(x).", _OnlyLayer1),
        ("forward returns only layer2(x); it should return layer1(x) + layer2(x).", _OnlyLayer2),
        ("forward multiplies the two branches; it should add them.", _Product),
    ),
)


class _CeilAsFloor(ref.VGGFeatures):
    def __init__(self, cfg, in_channels=3, batch_norm=False):
        super().__init__(["M" if v == "C" else v for v in cfg], in_channels, batch_norm)


def _normalise(layer: str) -> str:
    return layer.replace("inplace=True", "").replace("(, ", "(").replace(", )", ")")


def _layer_list_probes() -> list[Probe]:
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
def make_vgg_layers(ctx) -> str | None:
    for i, probe in enumerate(ctx.probes):
        if probe.driver != "layer_list":
            continue
        student, expected = ctx.student[i], ctx.expected[i]
        kwargs = "".join(f", {k}={v!r}" for k, v in probe.params.get("kwargs", {}).items())
        call = f"make_vgg_layers({probe.params['args'][0]}{kwargs})"
        if "error" in student:
            return f"`{call}` raised an error:\n{student['error']}"
        if "layers" not in student:
            return f"`{call}` returned a {student['returned']}; the contract asks for a list of modules."
        found, want = [_normalise(x) for x in student["layers"]], [_normalise(x) for x in expected["layers"]]
        for index, (f, w) in enumerate(zip(found, want, strict=False)):
            if f != w:
                text = f"`{call}`: layer {index} should be {w}, found {f}."
                if "MaxPool2d" in w and "ceil_mode=True" in w:
                    text += " A 'C' entry is MaxPool2d(2, 2, ceil_mode=True): it rounds odd sizes up."
                elif "BatchNorm2d" in w:
                    text += " With batch_norm=True every convolution is followed by BatchNorm2d, then ReLU."
                elif "padding=(1, 1)" in w:
                    text += " Every convolution is 3x3 with padding=1, so it keeps the spatial size."
                return text
        if len(found) != len(want):
            return f"`{call}` returned {len(found)} layers; expected {len(want)}."
    return None


VGG_FEATURES = module_exercise(
    "vgg_features",
    "02_containers",
    "VGG features",
    "VGGFeatures",
    ref.VGGFeatures,
    (
        Config(args=(VGG16_CFG,), inputs=(((1, 3, 37, 37),), ((2, 3, 32, 32),))),
        Config(
            args=(SMALL_CFG,),
            kwargs={"in_channels": 1, "batch_norm": True},
            inputs=(((2, 1, 13, 13),), ((1, 1, 9, 10),), ((3, 1, 15, 14),)),
        ),
    ),
    names=("make_vgg_layers", "VGGFeatures"),
    namespace={"VGGFeatures": ref.VGGFeatures, "make_vgg_layers": ref.make_vgg_layers},
    train=True,
    buffers=True,
    extra_checks=(
        Check("make_vgg_layers", make_vgg_layers, "returns the layers the configurations describe, in order"),
        Check(
            "module_list",
            lambda ctx: structure.module_type(ctx, "vgg", "ModuleList"),
            "keeps its layers in `self.vgg`, an nn.ModuleList",
        ),
    ),
    extra_probes=_layer_list_probes,
    mistakes=(
        (
            "the 'C' entries pool with ceil_mode=False; 'C' means MaxPool2d(2, 2, ceil_mode=True).",
            _CeilAsFloor,
        ),
    ),
)

EXERCISES = (SEQUENTIAL_NAMES, VGG_FEATURES)
