"""Do the chapters' claims about PyTorch hold, and does the grader's world match the course's?

Each test runs one claim a chapter makes (or once made wrongly) in the pinned torch, so a new version that
changes the behaviour, or prose that drifts from it, fails here rather than in a student's notebook.
"""

from __future__ import annotations

from collections import OrderedDict

import pytest
import torch
from torch import nn

from autograder.answers.custom_layers import RunningNorm
from autograder.answers.iteration import extract_features
from autograder.answers.modules import LeNet
from autograder.answers.resnet import BasicBlock
from autograder.jailed import fixtures


def _layout(model: nn.Module) -> dict:
    return {
        "children": [(name, type(m).__name__) for name, m in model.named_children()],
        "parameters": [(name, tuple(p.shape)) for name, p in model.named_parameters()],
    }


def test_trained_lenet_fixture_is_the_lenet_exercise():
    """Does model surgery (extra_input) get the LeNet a student wrote in assignment 01: the same modules, the same
    names and shapes, and no pooling module that a notebook's LeNet might have and the grader's not?"""
    assert _layout(fixtures.build("TrainedLeNet", 0)) == _layout(LeNet())


def test_shared_layers_vanish_from_named_parameters_not_from_state_dict():
    """Chapter 2 (sequential_names): do layers shared by two branches show once in named_parameters() but
    under both names in state_dict()?"""
    conv = nn.Conv2d(1, 2, 3)
    model = nn.Module()
    model.layer1 = nn.Sequential(conv)
    model.layer2 = nn.Sequential(OrderedDict(convolution_layer_1=conv))
    assert [n for n, _ in model.named_parameters()] == ["layer1.0.weight", "layer1.0.bias"]
    assert list(model.state_dict()) == [
        "layer1.0.weight",
        "layer1.0.bias",
        "layer2.convolution_layer_1.weight",
        "layer2.convolution_layer_1.bias",
    ]


def test_detached_hook_output_is_overwritten_by_a_later_inplace_relu():
    """Chapter 3: does a hook on BasicBlock's bn1 that stores output.detach() return post-ReLU values, and one
    that stores a copy (the feature_extractor contract) the BatchNorm's own output?"""
    torch.manual_seed(0)
    block = BasicBlock(4, 4).eval()
    x = torch.randn(2, 4, 6, 6)
    with torch.no_grad():
        bn1 = block.bn1(block.conv1(x))
    kept = {}
    handle = block.bn1.register_forward_hook(lambda m, a, out: kept.__setitem__("bn1", out.detach()))
    with torch.no_grad():
        block(x)
    handle.remove()
    assert (kept["bn1"] >= 0).all() and (bn1 < 0).any()
    assert torch.equal(extract_features(block, x, ["bn1"])["bn1"], bn1)


def test_running_norm_and_batchnorm_checkpoints_load_both_ways():
    """Chapter 4 (running_norm): is the reference interchangeable with BatchNorm1d(affine=False), strictly, in both
    directions, the count of batches included?"""
    batchnorm = nn.BatchNorm1d(3, affine=False)
    batchnorm.train()(torch.randn(5, 3))
    norm = RunningNorm(3)
    norm.load_state_dict(batchnorm.state_dict(), strict=True)
    assert int(norm.num_batches_tracked) == 1
    nn.BatchNorm1d(3, affine=False).load_state_dict(norm.state_dict(), strict=True)


def test_non_persistent_counter_breaks_the_strict_load():
    """Chapter 4: does a non-persistent num_batches_tracked make BatchNorm1d's checkpoint fail to load strictly?"""
    norm = RunningNorm(3)
    norm.register_buffer("num_batches_tracked", torch.tensor(0), persistent=False)
    with pytest.raises(RuntimeError, match="num_batches_tracked"):
        norm.load_state_dict(nn.BatchNorm1d(3, affine=False).state_dict(), strict=True)


def test_missing_counter_is_missing_when_the_state_dict_carries_its_version():
    """Chapters 5 and 6: is a missing num_batches_tracked forgiven only in a state dict without version metadata
    (a plain dict, or an old checkpoint), and reported missing in one fresh from state_dict()?"""
    state = nn.BatchNorm1d(3).state_dict()
    del state["num_batches_tracked"]
    with pytest.raises(RuntimeError, match="num_batches_tracked"):
        nn.BatchNorm1d(3).load_state_dict(state)
    result = nn.BatchNorm1d(3).load_state_dict(dict(state))
    assert result.missing_keys == [] and result.unexpected_keys == []


def test_load_state_dict_materialises_a_lazy_layer():
    """Chapter 4: does load_state_dict give a lazy layer its shapes, with no batch seen before?"""
    lazy = nn.LazyLinear(3)
    lazy.load_state_dict(nn.Linear(5, 3).state_dict())
    assert tuple(lazy.weight.shape) == (3, 5)
    assert not isinstance(lazy.weight, nn.parameter.UninitializedParameter)
    assert lazy(torch.randn(2, 5)).shape == (2, 3)


def test_to_keeps_or_replaces_parameter_objects():
    """Chapter 5: does .to() keep the Parameter objects for a dtype change, and replace them for the meta device
    (so an optimizer built before the move would hold the old ones)?"""
    model = nn.Linear(2, 2)
    weight = model.weight
    model.double()
    assert model.weight is weight
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    model.to("meta")
    assert model.weight is not weight
    assert optimizer.param_groups[0]["params"][0] is weight
