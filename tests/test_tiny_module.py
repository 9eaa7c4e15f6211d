"""Is `tiny_module` graded against nn.Module itself, as its task says?"""

import pytest
from torch import nn

from autograder.answers.iteration import TinyModule
from autograder.jailed.observe import run
from autograder.jailed.observe.ch03_iteration import TINY_MODELS


@pytest.mark.parametrize("seed", [0, 987654321])
def test_nn_module_is_observed_as_the_reference(seed):
    """Written into the same models, does nn.Module give every observation the reference TinyModule gives?"""
    reference = run("tiny_module", {"TinyModule": TinyModule}, {"seed": seed})
    torch_module = run("tiny_module", {"TinyModule": nn.Module}, {"seed": seed})
    assert list(reference["models"]) == list(TINY_MODELS)
    assert all("error" not in section for model in reference["models"].values() for section in model.values())
    assert reference["models"] == torch_module["models"]
    assert (reference["is_nn_module"], torch_module["is_nn_module"]) == (False, True)
