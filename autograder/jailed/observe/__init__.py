"""What the grader does with a submission's objects, and reports back as plain data.

A driver takes a namespace (the names a submission defined) and JSON-able parameters (with tensors), and
returns JSON-able observations. The child runs drivers on student code; the grader runs the very same drivers
on the reference solutions and on known-mistake variants, then compares observations. Drivers never judge.

One observer per file: `common` (what they share), `module` (any nn.Module exercise), and one file per
chapter for the function exercises' observers.
"""

from __future__ import annotations

from types import MappingProxyType

import torch

from autograder.jailed import codec, sealed
from autograder.jailed.observe.ch02_containers import layer_list
from autograder.jailed.observe.ch03_iteration import count_parameters, extract_features, freeze, tiny_module
from autograder.jailed.observe.ch04_custom_layers import buffers_after_calls
from autograder.jailed.observe.ch05_state_dict import (
    checkpoint,
    extra_input,
    load_matching,
    port,
    strip_prefix,
    weight_norm,
)
from autograder.jailed.observe.ch08_train_eval import debug_net, predict, resume_run
from autograder.jailed.observe.common import describe_exception, error_dict
from autograder.jailed.observe.module import module

DRIVERS = MappingProxyType(
    {
        fn.__name__: fn
        for fn in (
            module,
            layer_list,
            buffers_after_calls,
            count_parameters,
            freeze,
            extract_features,
            tiny_module,
            load_matching,
            strip_prefix,
            checkpoint,
            extra_input,
            port,
            weight_norm,
            predict,
            debug_net,
            resume_run,
        )
    }
)


REVEALING = frozenset({"module", "buffers_after_calls"})  # drivers that take sealed values after a commit


def run(name: str, namespace: dict, params: dict, reveal=None, _drivers=DRIVERS) -> dict:
    """Runs one driver; whatever the student's code does, the answer is a dict.

    `reveal(observation so far) -> sealed values` is how a driver gets the probe's sealed values (see
    `sealed`); in the grader's own process (the reference, known mistakes, a student's own kernel) they are
    simply `params`' own. The table of drivers is bound when this module loads, before any student code runs:
    rebinding `drivers.DRIVERS` from a submission changes nothing.
    """
    if reveal is None:
        params, hidden = sealed.split(params)

        def reveal(_observation, hidden=hidden):
            return hidden

    grad_mode = torch.is_grad_enabled()
    try:
        driver = _drivers[name]
        found = driver(namespace, params, reveal) if name in REVEALING else driver(namespace, params)
        return codec.clip_strings(found)
    except RecursionError:
        return {"error": error_dict("RecursionError", cause="recursion")}
    except Exception as exc:  # noqa: BLE001
        return {"error": describe_exception(exc)}
    finally:
        # Student code may switch autograd off for good; whoever grades next must not inherit that.
        torch.set_grad_enabled(grad_mode)
