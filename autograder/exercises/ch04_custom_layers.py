"""Assignment 04_custom_layers: Flatten and MyLinear."""

import torch
from torch import nn

from autograder.checks.structure import built, judged
from autograder.exercises.module_exercise import Config, module_exercise
from autograder.exercises.spec import Check
from autograder.findings import Finding, finding

FLATTEN = module_exercise(
    "flatten",
    "04_custom_layers",
    "Flatten",
    "Flatten",
    "custom_layers:Flatten",
    (Config(inputs=(((2, 3, 4, 5),), ((1, 3, 4, 5),), ((3, 7),), ((1, 1, 1),), ((4, 1, 2, 1),))),),
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
    "mylinear",
    "04_custom_layers",
    "MyLinear",
    "MyLinear",
    "custom_layers:MyLinear",
    (
        Config(args=(6, 6), inputs=(((3, 6),), ((1, 6),))),
        Config(args=(5, 3), inputs=(((4, 5),), ((1, 5),), ((2, 3, 5),))),
    ),
    registered=True,
    backward=True,
    extra_checks=(Check("loads_nn_linear_state_dict", loads_linear_state_dict),),
    strict_state=_linear_state,
    mistakes=("no_bias", "relu", "not_transposed"),
)

EXERCISES = (FLATTEN, MYLINEAR)
