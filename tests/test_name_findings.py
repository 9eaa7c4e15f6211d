"""Are names and keys explained precisely: one finding per offending key, each hint next to what it explains?"""

from __future__ import annotations

import textwrap

from conftest import VARIANTS

from autograder.answers import unet
from autograder.grading import grade_namespace

# A LeNet whose fc1 is named `fc_1`: a renaming problem, nothing wrong with any shape.
LENET_FC1_RENAMED = """
import torch
import torch.nn.functional as F
from torch import nn


class LeNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 6, kernel_size=5)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        self.fc_1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = F.relu(self.fc_1(torch.flatten(x, 1)))
        return self.fc3(F.relu(self.fc2(x)))
"""

# The reviewer's UNet: convolutions that keep their bias, and bilinear=True as UNet's default.
UNET_BIASES_AND_BILINEAR_DEFAULT = """
from torch import nn


class DoubleConv(nn.Module):
    def __init__(self, in_channels, out_channels, mid_channels=None):
        super().__init__()
        mid_channels = mid_channels or out_channels
        self.double_conv = nn.Sequential(
            nn.Conv2d(in_channels, mid_channels, 3, padding=1),
            nn.BatchNorm2d(mid_channels),
            nn.ReLU(inplace=True),
            nn.Conv2d(mid_channels, out_channels, 3, padding=1),
            nn.BatchNorm2d(out_channels),
            nn.ReLU(inplace=True),
        )

    def forward(self, x):
        return self.double_conv(x)
"""

# d2l's residual block, its 1x1 shortcut `conv3` with its own `bn3`, inside a ResNet-18.
RESNET18_D2L_BLOCKS = """
import torch.nn.functional as F
from torch import nn


class BasicBlock(nn.Module):
    def __init__(self, in_channels, out_channels, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, out_channels, 3, padding=1, stride=stride, bias=False)
        self.conv2 = nn.Conv2d(out_channels, out_channels, 3, padding=1, bias=False)
        self.conv3 = self.bn3 = None
        if stride != 1 or in_channels != out_channels:
            self.conv3 = nn.Conv2d(in_channels, out_channels, 1, stride=stride, bias=False)
            self.bn3 = nn.BatchNorm2d(out_channels)
        self.bn1 = nn.BatchNorm2d(out_channels)
        self.bn2 = nn.BatchNorm2d(out_channels)

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if self.conv3 is not None:
            x = self.bn3(self.conv3(x))
        return F.relu(y + x)


class ResNet18(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(64)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.Identity()
        self.layer1 = nn.Sequential(BasicBlock(64, 64), BasicBlock(64, 64))
        self.layer2 = nn.Sequential(BasicBlock(64, 128, 2), BasicBlock(128, 128))
        self.layer3 = nn.Sequential(BasicBlock(128, 256, 2), BasicBlock(256, 256))
        self.layer4 = nn.Sequential(BasicBlock(256, 512, 2), BasicBlock(512, 512))
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(512, num_classes)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer4(self.layer3(self.layer2(self.layer1(x))))
        return self.fc(self.avgpool(x).flatten(1))
"""


def _grade(exercise: str, source: str, **defined):
    namespace = {"__name__": "submission", **defined}
    exec(compile(textwrap.dedent(source), f"<{exercise}>", "exec"), namespace)
    return grade_namespace(namespace, [exercise]).exercises[0]


def _check(result, name: str):
    return next(c for c in result.checks if c.name == name)


def _keys_named(f) -> list[str]:
    """The parameter names a finding is about: its subject's, and those it lists."""
    named = [f.subject[k] for k in ("name", "parameter") if k in f.subject]
    return named + list(f.data.get("names", []))


def test_renaming_problem_has_no_unrelated_hint():
    """Does a misnamed fc1 get a rename finding, without the hint about fc1's shape (the pools)?"""
    names = _check(_grade("lenet", LENET_FC1_RENAMED), "parameter_names")
    assert not names.passed
    assert [f.code for f in names.findings if f.code == "exercise_hint"] == []
    assert {(f.code, f.subject.get("name")) for f in names.findings} >= {("name_typo", "fc_1.weight")}


def test_each_offending_key_gets_one_finding():
    """Does each misnamed key of the reviewer's UNet get exactly one finding, and the bilinear default one
    precise finding, with no rename between unrelated layers and no exercise hint?"""
    source = UNET_BIASES_AND_BILINEAR_DEFAULT + (VARIANTS / "unet" / "bad_bilinear_default.py").read_text()
    result = _grade("unet", source, Down=unet.Down, Up=unet.Up, OutConv=unet.OutConv)
    names = _check(result, "parameter_names")
    codes = [f.code for f in names.findings]
    assert codes.count("default_differs") == 1
    assert names.findings[1].subject == {"config": "UNet(3, 2)", "keyword": "bilinear"}
    assert "rename_same_shape" not in codes and "exercise_hint" not in codes
    named = [key for f in names.findings for key in _keys_named(f)]
    assert len(named) == len(set(named)), sorted(k for k in named if named.count(k) > 1)
    assert "inc.double_conv.0.bias" in named
    # The Up blocks' missing transposed convolutions are explained by the default, not named one by one.
    assert not [k for k in named if ".up.weight" in k or ".up.bias" in k]


def test_d2l_shortcut_in_resnet18_is_named_downsample():
    """Is d2l's `conv3` + `bn3` shortcut, inside each stage's first block, matched to `downsample`?"""
    names = _check(_grade("resnet18", RESNET18_D2L_BLOCKS), "parameter_names")
    found = {
        (f.subject.get("name"), f.data.get("expected")) for f in names.findings if f.code == "shortcut_named"
    }
    assert found == {
        (f"layer{i}.0.{mine}", f"layer{i}.0.downsample.{theirs}")
        for i in (2, 3, 4)
        for mine, theirs in (("conv3", "0"), ("bn3", "1"))
    }
    assert [f.code for f in names.findings][1:] == ["shortcut_named"] * 6


def test_reordered_strip_fails_only_the_order_check():
    """Does a right strip that builds its dict in another order fail only keeps_values_and_order?"""
    result = _grade("strip_prefix", (VARIANTS / "strip_prefix" / "bad_plain_keys_first.py").read_text())
    failed = {c.name: [f.code for f in c.findings] for c in result.checks if not c.passed}
    assert failed == {"keeps_values_and_order": ["keys_reordered"]}
