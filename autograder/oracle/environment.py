"""Which torch made the recorded observations, and whether the torch running now may compare with them.

The student kit's observations were recorded by one torch, on one device, in one dtype (`recorded_with`). A
student's torch compares with them when

- its version is in the supported range (`LOWEST` up to, not including, `BELOW`): the grader runs there (measured
  for the versions README.md lists), and
- it draws the same random numbers, up to rounding: the probes' weights and inputs (see `fingerprint`) and what
  the observers draw in the submission's process (`draws`: the fixtures' default initialisations, BatchNorm
  statistics, Dropout masks).

Elsewhere the recorded oracle raises `OracleUnavailable` with `torch_unsupported` or `torch_draws_differ`, whose
facts say which torch the self-check needs and which one this is, instead of comparing with numbers that were
never drawn here. Below the range the grader itself would fail inside torch, so importing the exercises raises
`TorchUnsupported` first (`require_torch`), with the same finding.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import torch
from torch import nn

from autograder.findings import Finding, finding

# The supported range: torch 2.2 and every later 2.x. Below 2.2 the grader itself does not work (measured, see
# README.md): 1.13 lacks the global hook tables the observers read (the package does not import), 2.0 the
# `always_call` of forward hooks (no module can be observed), 2.1 `torch.unravel_index` (no difference in values
# can be reported). A new major version may change anything.
LOWEST = (2, 2)
BELOW = (3, 0)
# The torch the course pins (requirements.lock): what a student outside the range is told to install when no
# recorded observations say which torch made them. tests/test_torch_versions.py holds the two equal.
PINNED = "2.13.0"
# Two draws are the same when they differ by rounding only: the last bit of float32, about 1e-7 of the value.
RTOL, ATOL = 1e-5, 1e-7


def release(version: str) -> tuple[int, int] | None:
    """(major, minor) of a torch version string ("2.13.0+cpu" -> (2, 13)); None when it has no such form."""
    match = re.match(r"(\d+)\.(\d+)", version)
    return (int(match[1]), int(match[2])) if match else None


def supported(version: str) -> bool:
    """Whether the recorded oracle may be used with this torch version."""
    found = release(version)
    return found is not None and LOWEST <= found < BELOW


def supported_range() -> dict:
    """The range as facts for a finding: {"lowest": "2.2", "below": "3.0"}."""
    return {"lowest": "{}.{}".format(*LOWEST), "below": "{}.{}".format(*BELOW)}


class TorchUnsupported(ImportError):
    """The grader cannot work with this torch: raised when the exercises are imported, before anything that would
    fail deep inside torch. `finding` is `torch_unsupported`; the text is worded in the default language."""

    def __init__(self, found: Finding):
        from autograder import i18n

        self.finding = found
        super().__init__(i18n.render(found, None))

    def _render_traceback_(self) -> list[str]:
        """What IPython shows for it in a notebook: the sentence alone, no stack of the grader's frames."""
        return [str(self)]


def require_torch() -> None:
    """Raises `TorchUnsupported` when this torch is older than the range (the grader does not run there)."""
    found = release(torch.__version__)
    if found is None or found < LOWEST:
        raise TorchUnsupported(
            finding(
                "torch_unsupported",
                found=base(torch.__version__),
                recorded=recorded_torch(),
                **supported_range(),
            )
        )


def recorded_torch() -> str:
    """The torch that recorded the observations in use (the student kit's), else the one the course pins."""
    try:
        for path in sorted(observations_folder().glob("*.json")):
            with open(path, encoding="utf-8") as f:
                return base(json.load(f)["recorded_with"]["torch"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return PINNED


def observations_folder() -> Path:
    """Where the recorded observations are: `AUTOGRADER_OBSERVATIONS`, else `observations/` in the package."""
    return Path(
        os.environ.get("AUTOGRADER_OBSERVATIONS") or Path(__file__).resolve().parent.parent / "observations"
    )


def base(version: str) -> str:
    """The release without its build tag: "2.13.0+cpu" -> "2.13.0"."""
    return version.split("+", 1)[0]


def recorded_with() -> dict:
    """What records observations now: torch's version, the device and dtype tensors get by default, and the CPU
    kernels torch chose (AVX2 and AVX512 draw alike; "DEFAULT", as on ARM, differs in the last bit)."""
    capability = getattr(getattr(torch.backends, "cpu", None), "get_cpu_capability", lambda: "unknown")
    return {
        "torch": torch.__version__,
        "device": str(torch.empty(0).device),
        "dtype": str(torch.get_default_dtype()).removeprefix("torch."),
        "cpu": capability(),
    }


def draws() -> dict[str, torch.Tensor]:
    """What this torch draws where the observers draw, by kind, each as one float64 vector:

    - "generator": a generator's normal draws (under 16 values and over: two kernels), uniform and `rand` draws;
    - "init": after `torch.manual_seed`, the default weights of Linear, Conv2d and Embedding layers and
      BatchNorm statistics drawn in place (the fixtures);
    - "dropout": a Dropout mask after `torch.manual_seed` (torch 2.6 and earlier draw other masks than 2.7 and
      later: measured, see README.md); an exercise whose reference draws none (`uses_dropout`) ignores it.

    The first two were the same in every torch measured (2.0.1 to 2.14.1), up to rounding.

    Runs on the CPU whatever the default device, and leaves torch's global generator as it found it.
    """
    with torch.random.fork_rng(devices=[]), torch.device("cpu"), torch.no_grad():
        g = torch.Generator().manual_seed(20250607)
        generator = [torch.randn(7, generator=g), torch.randn(40, generator=g)]
        generator += [
            torch.empty(40).normal_(0.0, 0.3, generator=g),
            torch.empty(20).uniform_(0.5, 2.0, generator=g),
        ]
        generator += [torch.rand(20, generator=g)]
        torch.manual_seed(7)
        linear, conv, embedding = nn.Linear(6, 8), nn.Conv2d(3, 4, 3), nn.Embedding(10, 4)
        init = [linear.weight, linear.bias, conv.weight, conv.bias, embedding.weight]
        init += [torch.empty(8).normal_(0.0, 0.5), torch.empty(8).uniform_(0.5, 2.0)]
        torch.manual_seed(8)
        dropout = [nn.Dropout(0.5).train()(torch.ones(64))]
        parts = {"generator": generator, "init": init, "dropout": dropout}
        return {
            kind: torch.cat([p.detach().to("cpu", torch.float64).reshape(-1) for p in ps])
            for kind, ps in parts.items()
        }


def differing_draws(found: dict, recorded: dict, kinds=("generator", "init", "dropout")) -> list[str]:
    """The kinds of `draws` (among `kinds`) whose numbers differ beyond rounding; [] when all are the same."""
    return [
        kind
        for kind in kinds
        if kind not in recorded
        or kind not in found
        or found[kind].shape != recorded[kind].shape
        or not torch.allclose(found[kind], recorded[kind], rtol=RTOL, atol=ATOL)
    ]
