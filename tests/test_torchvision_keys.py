"""Do our ResNet-18 and ResNet stages (with Bottlenecks, ResNet-50's; with BasicBlocks, ResNet-18's) have
torchvision's `state_dict()` keys, as chapter 6 and the resnet18 and resnet50_layers exercises promise?

torchvision is not installed here, so its keys live in golden files, one `key [shape]` a line, in order:
tests/golden/torchvision/resnet18_keys.txt (`torchvision.models.resnet18()`'s state_dict) and
resnet50_layer_keys.txt (the `layer*` entries of `torchvision.models.resnet50()`'s).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch

from autograder.answers.resnet import ResNet18, ResNetStages

GOLDEN = Path(__file__).parent / "golden" / "torchvision" / "resnet18_keys.txt"
GOLDEN_RESNET50_LAYERS = GOLDEN.with_name("resnet50_layer_keys.txt")
BUFFERS = ("running_mean", "running_var", "num_batches_tracked")
# The CIFAR stem is the one intended difference: a 3x3 stride-1 conv1 instead of torchvision's 7x7 stride 2.
CIFAR_STEM = {"conv1.weight": [64, 3, 3, 3]}


def _golden(path: Path = GOLDEN) -> dict[str, list[int]]:
    entries = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith("#"):
            key, shape = line.split(" ", 1)
            entries[key] = json.loads(shape)
    return entries


def test_golden_file_is_torchvision_resnet18():
    """Does the golden file hold what torchvision's resnet18 has: 122 entries and 11,689,512 parameters?"""
    golden = _golden()
    num_params = sum(math.prod(shape) for key, shape in golden.items() if not key.endswith(BUFFERS))
    assert len(golden) == 122
    assert num_params == 11_689_512  # torchvision's documented count for resnet18


def test_reference_resnet18_has_torchvision_keys_in_order():
    """Are the reference ResNet18's state_dict keys torchvision's, in the same order?"""
    torch.manual_seed(0)
    model = ResNet18(num_classes=1000)
    assert list(model.state_dict()) == list(_golden())


def test_reference_resnet18_shapes_differ_only_in_the_stem():
    """Apart from the 3x3 CIFAR stem, does every entry have torchvision's shape?"""
    torch.manual_seed(0)
    ours = {key: list(value.shape) for key, value in ResNet18(num_classes=1000).state_dict().items()}
    expected = {**_golden(), **CIFAR_STEM}
    differing = {key: (ours[key], shape) for key, shape in expected.items() if ours.get(key) != shape}
    assert differing == {}


def test_golden_file_is_torchvision_resnet50_layers():
    """Does the golden file hold resnet50's stages: 312 entries and 23,498,496 parameters (torchvision's
    documented 25,557,032 less the stem's 9,536 and fc's 2,049,000)?"""
    golden = _golden(GOLDEN_RESNET50_LAYERS)
    num_params = sum(math.prod(shape) for key, shape in golden.items() if not key.endswith(BUFFERS))
    assert len(golden) == 312
    assert num_params == 25_557_032 - (64 * 3 * 7 * 7 + 2 * 64) - (2048 * 1000 + 1000)
    assert {key.split(".")[0] for key in golden} == {"layer1", "layer2", "layer3", "layer4"}


def test_reference_resnet50_layers_have_torchvision_keys_and_shapes_in_order():
    """Are the reference ResNetStages's state_dict keys and shapes, with Bottlenecks, torchvision resnet50's
    `layer*` ones, in the same order?"""
    torch.manual_seed(0)
    ours = [(key, list(value.shape)) for key, value in ResNetStages((3, 4, 6, 3)).state_dict().items()]
    assert ours == list(_golden(GOLDEN_RESNET50_LAYERS).items())


def test_reference_stages_with_basic_blocks_have_resnet18_layer_keys_and_shapes_in_order():
    """With BasicBlocks and two per stage, are the reference ResNetStages's state_dict keys and shapes
    torchvision resnet18's `layer*` ones, in the same order?"""
    torch.manual_seed(0)
    stages = ResNetStages((2, 2, 2, 2), bottleneck=False)
    ours = [(key, list(value.shape)) for key, value in stages.state_dict().items()]
    assert ours == [(key, shape) for key, shape in _golden().items() if key.startswith("layer")]
