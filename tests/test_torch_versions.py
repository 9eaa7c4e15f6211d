"""Does the student kit's self-check compare with another torch where it can, and say which torch it needs where
it cannot? Does a module that puts itself on a GPU get a finding that says so?

The kit compares a student's observations with observations recorded by the reference under one torch
(`oracle.recorded`). Another torch is faked here (its version string, its draws); only torch 2.13.0 on the CPU
runs in these tests. What other real versions did is measured outside the test suite and written in README.md.
"""

from __future__ import annotations

import os
import subprocess

import pytest
import torch
from conftest import PYTHON, ROOT, VARIANTS

from autograder import grading, oracle
from autograder.checks import devices
from autograder.exercises import EXERCISES, weights
from autograder.grading import grade_namespace
from autograder.oracle import environment, recorded
from autograder.oracle.fingerprint import fingerprint, form, same_draws, summary

# Two exercises: one whose probes the grader draws (weights, inputs), one whose observer draws in the
# submission's process (default weights, Dropout masks).
EXERCISE = "lenet"
DRAWING = "feature_extractor"
RECORDED = environment.base(torch.__version__)  # the torch that records the observations here


@pytest.fixture(scope="module")
def observations(tmp_path_factory):
    """The kit's observations of two exercises, recorded here by the reference, as `make student-kit` does."""
    from autograder.answers.record import record

    out = tmp_path_factory.mktemp("observations")
    for exercise_id in (EXERCISE, DRAWING):
        record(EXERCISES[exercise_id], out)
    return out


@pytest.fixture
def kit(observations, monkeypatch):
    """The recorded oracle, as in the student kit, with probes drawn afresh by this test's torch."""
    monkeypatch.setenv("AUTOGRADER_ORACLE", "recorded")
    monkeypatch.setenv("AUTOGRADER_OBSERVATIONS", str(observations))
    monkeypatch.setattr(grading, "_probes", {})
    monkeypatch.setattr(oracle, "_oracle", None)  # a fresh oracle: nothing read or checked before this test
    return observations


def _variant(exercise: str, name: str) -> dict:
    path = VARIANTS / exercise / f"{name}.py"
    namespace: dict = {"__name__": "submission"}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return namespace


def _graded(exercise: str, name: str):
    return grade_namespace(_variant(exercise, name), [exercise]).exercises[0]


def _codes(result) -> set[str]:
    return {code for c in result.checks for f in c.findings for code in f.codes()}


def _not_graded_because(result) -> list[dict]:
    """The reason each check was not graded (it must be the same for all); fails if one was judged."""
    reasons = []
    for check in result.checks:
        (found,) = check.findings
        assert found.code == "not_graded", (check.name, found)
        reasons.append(found.data["reason"])
    assert all(r == reasons[0] for r in reasons)
    return reasons


def _fake_torch(monkeypatch, version: str) -> None:
    monkeypatch.setattr(torch, "__version__", version)


def _draw_other_weights(monkeypatch) -> None:
    """Probes' weights drawn otherwise than the recorded ones (here: negated), as a changed generator would."""
    drawn = weights.draw
    monkeypatch.setattr(weights, "draw", lambda layout, g: {k: -v for k, v in drawn(layout, g).items()})


# The range


@pytest.mark.parametrize(
    "version, inside",
    [
        ("2.13.0+cpu", True),
        ("2.2.0", True),
        ("2.5.1+cu124", True),
        ("2.14.1", True),
        ("2.20.0", True),
        ("2.1.2", False),
        ("2.0.1", False),
        ("1.13.1", False),
        ("3.0.0", False),
        ("unknown", False),
    ],
)
def test_the_supported_range(version, inside):
    """Is torch 2.2 and every later 2.x inside the range, and 2.1, 2.0, 1.x and a new major version outside?"""
    assert environment.supported(version) is inside


@pytest.mark.parametrize("module", ["autograder.grading", "autograder.oracle.recorded"])
def test_importing_the_grader_under_an_old_torch_says_which_torch(module):
    """In a fresh Python whose torch is below the range, does importing the grader (whichever module first) end
    in the one sentence that names the torch found and the one to install, and does IPython show only it?"""
    script = (
        "import torch\n"
        "torch.__version__ = '2.0.1'\n"
        "try:\n"
        f"    import {module}\n"
        "except ImportError as exc:\n"
        "    print(type(exc).__name__, exc._render_traceback_() == [str(exc)], exc)\n"
    )
    env = {**os.environ, "AUTOGRADER_LANG": "en", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([PYTHON, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.stdout.startswith("TorchUnsupported True the self-check needs torch 2.2 or later"), (
        done.stdout + done.stderr
    )
    assert "torch 2.0.1" in done.stdout


def test_the_pinned_torch_is_the_lock_files():
    """Is the torch a student outside the range is told to install the one requirements.lock pins?"""
    pins = [
        line for line in (ROOT / "requirements.lock").read_text().splitlines() if line.startswith("torch==")
    ]
    assert pins == [f"torch=={environment.PINNED}"]


@pytest.mark.parametrize("version", ["1.13.1", "2.0.1", "2.1.2"])
def test_a_torch_below_the_range_is_named_before_anything_fails(monkeypatch, version):
    """Below the range the grader's own code would fail inside torch (1.13: the package does not import; 2.0:
    no module can be observed; 2.1: no difference in values can be reported; all measured): does importing the
    exercises raise one error that names the torch found and the one to install, in the student's language?"""
    _fake_torch(monkeypatch, version)
    with pytest.raises(environment.TorchUnsupported) as raised:
        environment.require_torch()
    assert raised.value.finding.code == "torch_unsupported"
    assert raised.value.finding.data["found"] == version
    assert raised.value.finding.data["lowest"] == "2.2"
    assert f"torch {version}" in str(raised.value) and environment.PINNED in str(raised.value)
    monkeypatch.setenv("AUTOGRADER_LANG", "zh-CN")
    with pytest.raises(environment.TorchUnsupported) as raised:
        environment.require_torch()
    assert "自检需要 torch 2.2" in str(raised.value)


def test_readme_states_the_range():
    """Does README.md state the range the code holds (one source of truth: the test proves they agree)?"""
    text = (ROOT / "README.md").read_text()
    lowest = "{}.{}".format(*environment.LOWEST)
    assert f"torch {lowest} or later" in text and f"below {environment.BELOW[0]}.0" in text


# What the observations say about the torch that recorded them


def test_observations_say_which_torch_recorded_them(kit):
    """Does each exercise's recorded data name the torch, device and dtype that made it, and what it drew?"""
    data = oracle.store.read(kit / EXERCISE)
    assert data["format"] == recorded.FORMAT
    assert data["recorded_with"]["torch"] == torch.__version__
    assert data["recorded_with"]["device"] == "cpu" and data["recorded_with"]["dtype"] == "float32"
    assert environment.differing_draws(environment.draws(), data["draws"]) == []
    assert data["uses_dropout"] is False
    assert oracle.store.read(kit / DRAWING)["uses_dropout"] is True


def test_draws_leave_the_global_generator_alone():
    """Does measuring what torch draws leave torch's global generator where it was (the student's kernel)?"""
    torch.manual_seed(3)
    expected = torch.rand(4)
    torch.manual_seed(3)
    environment.draws()
    assert torch.equal(torch.rand(4), expected)


# The fingerprint: values, not serialisation


def test_fingerprint_reads_values_not_layout():
    """Is a probe's fingerprint the same for the same values laid out otherwise in memory, and does one value
    changed in its last bit change the fingerprint but not the form, and keep the summary the same draws?"""
    probe = grading.probes_for(EXERCISES[EXERCISE])[0]
    state = probe.params["state"]
    strided = {k: v.t().contiguous().t() if v.dim() == 2 else v for k, v in state.items()}
    assert any(not v.is_contiguous() for v in strided.values())
    same = type(probe)(probe.driver, {**probe.params, "state": strided}, probe.stage)
    assert fingerprint(same) == fingerprint(probe)

    nudged = {k: torch.nextafter(v, torch.tensor(float("inf"))) for k, v in state.items()}
    last_bit = type(probe)(probe.driver, {**probe.params, "state": nudged}, probe.stage)
    assert fingerprint(last_bit) != fingerprint(probe)
    assert form(last_bit) == form(probe)
    assert same_draws(summary(last_bit), summary(probe))

    other = {k: -v for k, v in state.items()}
    redrawn = type(probe)(probe.driver, {**probe.params, "state": other}, probe.stage)
    assert form(redrawn) == form(probe) and not same_draws(summary(redrawn), summary(probe))


def test_fingerprint_does_not_go_through_the_channel(monkeypatch):
    """Does the fingerprint hold without the channel's encoding (which may change with torch or the jail)?"""
    from autograder.jailed import codec

    probe = grading.probes_for(EXERCISES[EXERCISE])[0]
    before = fingerprint(probe)
    monkeypatch.setattr(codec, "encode", lambda obj: pytest.fail("fingerprint used the channel's encoding"))
    assert fingerprint(probe) == before


# Another torch inside the range


@pytest.mark.parametrize("version", ["2.2.2", "2.5.1+cu124", "2.14.1"])
def test_another_torch_in_the_range_compares(kit, monkeypatch, version):
    """With another torch in the range that draws the same numbers, does the self-check pass a good solution
    and fail a bad one for its mistake, as with the torch that recorded the observations?"""
    _fake_torch(monkeypatch, version)
    assert _graded(EXERCISE, "good_tutorial").passed
    bad = _graded(EXERCISE, "bad_softmax")
    assert not bad.passed and "known_mistake" in _codes(bad) and "not_graded" not in _codes(bad)
    assert _graded(DRAWING, "good_try_finally").passed


def test_draws_that_differ_in_the_last_bit_compare(kit, monkeypatch):
    """Do probes drawn otherwise in the last bit (torch's normal kernel on Apple silicon and other ARM
    machines) still compare, passing a good solution and failing a bad one?"""
    drawn = weights.draw

    def last_bit(layout, generator):
        state = drawn(layout, generator)
        return type(state)((k, torch.nextafter(v, torch.tensor(float("inf")))) for k, v in state.items())

    monkeypatch.setattr(weights, "draw", last_bit)
    assert _graded(EXERCISE, "good_tutorial").passed
    assert not _graded(EXERCISE, "bad_softmax").passed


@pytest.mark.slow
def test_the_scalar_kernels_compare(kit):
    """With torch's scalar CPU kernels (`ATEN_CPU_CAPABILITY=default`, as on ARM: float32 normal draws differ
    in the last bit from the AVX2 kernels that recorded the observations), does a good solution still pass?"""
    script = (
        "from autograder.grading import grade_namespace\n"
        "import runpy, sys\n"
        f"ns = runpy.run_path({str(VARIANTS / EXERCISE / 'good_tutorial.py')!r})\n"
        f"result = grade_namespace(ns, [{EXERCISE!r}]).exercises[0]\n"
        "print([c.name for c in result.checks if not c.passed]); sys.exit(0 if result.passed else 1)\n"
    )
    env = {**os.environ, "ATEN_CPU_CAPABILITY": "default", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([PYTHON, "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr[-2000:]


# Where it cannot compare, it says which torch it needs


@pytest.mark.parametrize("version", ["2.1.2", "3.0.0"])
def test_a_torch_outside_the_range_is_named(kit, monkeypatch, version):
    """Outside the range, is every check not graded for one reason that names the torch found, the range and the
    torch that recorded the observations (never a check failed for a wrong answer)?"""
    _fake_torch(monkeypatch, version)
    for exercise, name in ((EXERCISE, "good_tutorial"), (DRAWING, "good_try_finally")):
        reason = _not_graded_because(_graded(exercise, name))[0]
        assert reason["code"] == "torch_unsupported"
        assert reason["data"]["found"] == version
        assert reason["data"]["lowest"] == "2.2" and reason["data"]["below"] == "3.0"
        assert reason["data"]["recorded"] == RECORDED


def test_probes_drawn_otherwise_are_named(kit, monkeypatch):
    """When this torch draws other probes than the recorded ones (a changed generator), is the exercise not
    graded for that reason, naming both torch versions, instead of failing its checks?"""
    _fake_torch(monkeypatch, "2.7.1")
    _draw_other_weights(monkeypatch)
    reason = _not_graded_because(_graded(EXERCISE, "good_tutorial"))[0]
    assert reason["code"] == "torch_draws_differ"
    assert reason["data"] == {"exercise": EXERCISE, "found": "2.7.1", "recorded": RECORDED}


def test_other_draws_in_the_submissions_process_are_named(kit, monkeypatch):
    """When this torch draws other default weights or Dropout masks than the recording one (what the observers
    draw where the submission runs, which no probe fingerprint covers), is every exercise not graded for that
    reason?"""
    _fake_torch(monkeypatch, "2.7.1")
    monkeypatch.setattr(recorded, "_draws_now", lambda: {k: v + 0.5 for k, v in environment.draws().items()})
    for exercise, name in ((EXERCISE, "good_tutorial"), (DRAWING, "good_try_finally")):
        reason = _not_graded_because(_graded(exercise, name))[0]
        assert reason["code"] == "torch_draws_differ" and reason["data"]["found"] == "2.7.1"


def test_other_dropout_masks_stop_only_what_uses_them(kit, monkeypatch):
    """With a torch that draws other Dropout masks only (torch 2.2 to 2.6 against 2.13, measured), is the
    exercise whose reference uses Dropout masks not graded, naming both versions, while one that uses none
    (LeNet) still compares?"""
    _fake_torch(monkeypatch, "2.5.1")
    drawn = environment.draws()
    monkeypatch.setattr(recorded, "_draws_now", lambda: {**drawn, "dropout": 2.0 - drawn["dropout"]})
    assert _graded(EXERCISE, "good_tutorial").passed
    reason = _not_graded_because(_graded(DRAWING, "good_try_finally"))[0]
    assert reason == {
        "code": "torch_draws_differ",
        "check": "",
        "subject": {},
        "data": {"exercise": DRAWING, "found": "2.5.1", "recorded": RECORDED},
    }


def test_the_same_torch_with_other_probes_is_out_of_date(kit, monkeypatch):
    """With the very torch that recorded them, do other probes mean the observations are out of date?"""
    _draw_other_weights(monkeypatch)
    reason = _not_graded_because(_graded(EXERCISE, "good_tutorial"))[0]
    assert reason["code"] == "oracle_out_of_date"


def test_observations_of_the_old_format_are_out_of_date(kit, tmp_path, monkeypatch):
    """Are observations written before they said which torch recorded them out of date, not misread?"""
    data = oracle.store.read(kit / EXERCISE)
    data.pop("format")
    data["probes"] = [p["fingerprint"] for p in data["probes"]]
    oracle.store.write(tmp_path / EXERCISE, data)
    monkeypatch.setenv("AUTOGRADER_OBSERVATIONS", str(tmp_path))
    reason = _not_graded_because(_graded(EXERCISE, "good_tutorial"))[0]
    assert reason["code"] == "oracle_out_of_date"


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def test_the_reasons_read_in_each_language(lang):
    """Does each reason read in the student's language, with the versions in it?"""
    from autograder import i18n
    from autograder.findings import finding

    unsupported = finding("torch_unsupported", found="1.13.1", recorded="2.13.0", lowest="2.2", below="3.0")
    differ = finding("torch_draws_differ", exercise="lenet", found="2.7.1", recorded="2.13.0")
    for found in (unsupported, differ):
        text = i18n.render(finding("not_graded", reason=found), lang)
        assert found.data["found"] in text and "2.13.0" in text


# A module on a GPU


ON_A_DEVICE = """
import torch
from torch import nn
import torch.nn.functional as F


class LeNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)
        self.to({device!r})

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))
"""


def _on(device: str) -> dict:
    namespace: dict = {"__name__": "submission"}
    exec(compile(ON_A_DEVICE.format(device=device), "on_a_device.py", "exec"), namespace)
    return namespace


@pytest.mark.skipif(torch.cuda.is_available(), reason="here a GPU exists: see the meta test")
def test_a_module_asking_for_a_missing_gpu_is_told_so():
    """A module that moves itself to "cuda" where there is no GPU (this CPU-only torch): does `constructs`
    fail with the student's error and a finding that names the device and where device choice belongs?"""
    result = grade_namespace(_on("cuda"), [EXERCISE]).exercises[0]
    constructs = result.checks[0]
    assert constructs.name == "constructs" and not constructs.passed
    codes = [f.code for f in constructs.findings]
    assert codes == ["construct_error", "device_unavailable"], codes
    assert constructs.findings[1].data == {"device": "cuda"}


@pytest.mark.filterwarnings("ignore:for .*copying from a non-meta parameter")
def test_a_module_on_another_device_is_told_so():
    """A module that moves itself to another device that exists (meta stands in for a GPU: no GPU here), and so
    meets the grader's CPU inputs there: does `forward` fail with a finding that names the device?"""
    result = grade_namespace(_on("meta"), [EXERCISE]).exercises[0]
    forward = next(c for c in result.checks if c.name == "forward")
    assert not forward.passed
    assert [f.code for f in forward.findings] == ["forward_mismatch", "device_not_cpu"]
    assert forward.findings[1].data == {"device": "meta"}


@pytest.mark.filterwarnings("ignore:for .*copying from a non-meta parameter")
def test_a_notebook_that_set_another_default_device_is_told_so(kit):
    """A notebook that called `torch.set_default_device` (meta stands in for "cuda"): are the probes still drawn
    on the CPU (the recorded ones), and does the module, built on that device, get the device finding?"""
    torch.set_default_device("meta")
    try:
        result = _graded(EXERCISE, "good_tutorial")
    finally:
        torch.set_default_device("cpu")
    forward = next(c for c in result.checks if c.name == "forward")
    assert [f.code for f in forward.findings] == ["forward_mismatch", "device_not_cpu"]
    assert all(c.passed for c in result.checks if c.name != "forward")


@pytest.mark.parametrize(
    "message, device",
    [
        # torch's own words, read from the strings of torch 2.12's CUDA libraries and 2.13's CPU one
        (
            "Expected all tensors to be on the same device, but found at least two devices, cuda:0 and cpu!",
            "cuda:0",
        ),
        (
            "Expected all tensors to be on the same device. addmm: expected 'mat1' to be CUDA, but got CPU",
            "cuda",
        ),
        (
            "Input type (torch.FloatTensor) and weight type (torch.cuda.FloatTensor) should be the same or input "
            "should be a MKLDNN tensor and weight is a dense tensor",
            "cuda",
        ),
        ("Tensor on device meta is not on the expected device cpu!", "meta"),
        ("Placeholder storage has not been allocated on MPS device!", "mps"),
    ],
)
def test_devices_that_met_are_named(message, device):
    """Is each way torch says tensors of two devices met read as the module's device?"""
    error = {"type": "RuntimeError", "message": message, "frames": [], "cause": None}
    assert devices.met(error).data == {"device": device}
    assert devices.unavailable(error) is None


@pytest.mark.parametrize(
    "message, device",
    [
        ("Torch not compiled with CUDA enabled", "cuda"),
        (
            "Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU and installed a "
            "driver from http://www.nvidia.com/Download/index.aspx",
            "cuda",
        ),
        ("No CUDA GPUs are available", "cuda"),
        ("Could not run 'aten::empty.memory_format' with arguments from the 'MPS' backend.", "mps"),
    ],
)
def test_devices_that_are_missing_are_named(message, device):
    """Is each way torch says a device is not there read as that device, and an unrelated error as none?"""
    error = {"type": "RuntimeError", "message": message, "frames": [], "cause": None}
    assert devices.unavailable(error).data == {"device": device}
    other = {"type": "RuntimeError", "message": "mat1 and mat2 shapes cannot be multiplied", "frames": []}
    assert devices.unavailable(other) is None and devices.met(other) is None


def test_versions_are_named_as_pip_installs_them():
    """Is the version a finding names torch's own without its build tag, as `pip install torch==...` takes it,
    and is a version string without a release read as none?"""
    assert environment.base("2.13.0+cpu") == "2.13.0"
    assert environment.release("2.5.1+cu124") == (2, 5)
    assert environment.release("nightly") is None
