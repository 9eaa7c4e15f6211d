"""A student's error that comes from a device: their module put tensors on a GPU, the grader runs on the CPU.

The grader builds every module on the CPU and gives it CPU weights and inputs: the observations it compares with
were made there. A module that moves itself (`self.to("cuda")`, `.cuda()` or `device=` in `__init__`, a tensor
made on a device in forward) fails in one of two ways, each told apart by torch's own words (as torch 2.2 to
2.14 write them; read from their libraries' strings):

- where no such device exists (no GPU, a CPU-only torch, the terminal check's sandbox, which shows the child no
  GPU), building the module raises: `unavailable`;
- where one exists (a notebook on Colab with a GPU: `check()` runs in the notebook's own kernel), forward meets
  the grader's CPU inputs with the module's GPU weights: `met`.

Either way the check adds one finding that names the device and says where a device belongs: in the code that
uses the model (`model.to(device)`), not inside the class.
"""

from __future__ import annotations

import re

from autograder.findings import Finding, finding

# Tensors of two devices met in one operation.
_MET = re.compile(
    r"Expected all tensors to be on the same device"
    r"|to be on the same device"
    r"|should be the same or input should be a MKLDNN tensor"
    r"|is not on the expected device"
    r"|Placeholder storage has not been allocated on MPS device"
)
# A device was asked for that this machine or this build of torch does not have.
_UNAVAILABLE = re.compile(
    r"Torch not compiled with CUDA enabled|Found no NVIDIA driver|No CUDA GPUs are available"
    r"|CUDA driver initialization failed|no CUDA-capable device is detected"
    r"|not linked with support for mps|MPS backend|from the '(?:CUDA|MPS|XPU)' backend"
)
_DEVICE = re.compile(r"\b(cuda|mps|xpu|meta)(?::(\d+))?\b", re.IGNORECASE)


def _device(message: str) -> str:
    """The first device other than the CPU that `message` names ("cuda:0", "mps", "meta"); "cuda" when it names
    none ("Found no NVIDIA driver on your system")."""
    match = _DEVICE.search(message)
    if match is None:
        return "cuda"
    return match[1].lower() + (f":{match[2]}" if match[2] else "")


def met(error: dict | None) -> Finding | None:
    """`device_not_cpu` when a student's error (see `jailed.observe.common.error_dict`) says tensors on two
    devices met: the grader's are all on the CPU, so the other device is the module's."""
    if not error or not _MET.search(error.get("message") or ""):
        return None
    return finding("device_not_cpu", device=_device(error["message"]))


def unavailable(error: dict | None) -> Finding | None:
    """`device_unavailable` when a student's error says a device they asked for is not there."""
    if not error or not _UNAVAILABLE.search(error.get("message") or ""):
        return None
    return finding("device_unavailable", device=_device(error["message"]))
