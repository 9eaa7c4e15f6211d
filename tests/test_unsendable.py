"""Can an odd tensor or a huge message in one observation hurt more than one check? (It must not.)

A tensor the channel cannot carry (sparse, meta, quantized, nested, a subclass whose data cannot be read)
becomes one failed check that says what it was; every string a submission controls is clipped, so a 4 MB
exception message costs a few KB of output, once.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings

import pytest
import torch
from conftest import PYTHON, ROOT
from torch import nn

from autograder import render_html
from autograder.checks.tensors import difference
from autograder.exercises import EXERCISES
from autograder.findings import finding
from autograder.grading import evaluate
from autograder.i18n import render
from autograder.jailed import codec, observe
from autograder.report import CheckResult, ExerciseResult

HOSTILE = ROOT / "tests" / "hostile"
SMALL = 64 * 1024  # bytes: what a few clipped messages may cost


class Logged(torch.Tensor):
    """A subclass with __torch_function__ whose data can be read: it crosses as a plain tensor."""

    @classmethod
    def __torch_function__(cls, func, types, args=(), kwargs=None):
        return super().__torch_function__(func, types, args, kwargs or {})


class NoData(torch.Tensor):
    """A wrapper subclass whose every operation fails: it has no data the grader could read."""

    @staticmethod
    def __new__(cls, shape):
        return torch.Tensor._make_wrapper_subclass(cls, shape, dtype=torch.float32)

    @classmethod
    def __torch_dispatch__(cls, func, types, args=(), kwargs=None):
        raise RuntimeError("no data here")


def _sparse_csr(x):
    return x.reshape(x.shape[0], -1).to_sparse_csr()


ODD = {
    # kind: (a forward returning it from the input x, what the student reads)
    "sparse_coo": (lambda x: torch.sparse_coo_tensor([[0]], [1.0], (x.shape[0],)), "a sparse tensor"),
    "sparse_csr": (_sparse_csr, "a sparse tensor (torch.sparse_csr)"),
    "meta": (lambda x: torch.empty(x.shape[0], x[0].numel(), device="meta"), "a tensor on the meta device"),
    "quantized": (
        lambda x: torch.quantize_per_tensor(x.reshape(x.shape[0], -1), 0.1, 0, torch.qint8),
        "a quantized tensor (torch.qint8)",
    ),
    "nested": (lambda x: torch.nested.nested_tensor(list(x.reshape(x.shape[0], -1))), "a nested tensor"),
    "subclass": (lambda x: NoData((x.shape[0], x[0].numel())), "a subclass of torch.Tensor named NoData"),
}

DENSE = {
    # name: a tensor that must cross with its values (and, where the channel carries it, its dtype)
    "complex64": torch.tensor([1 + 2j, -3.5j], dtype=torch.complex64),
    "complex128": torch.tensor([[0.25 - 1j]], dtype=torch.complex128),
    "requires_grad": torch.linspace(-1, 1, 6, requires_grad=True) * 2,
    "expanded": torch.arange(3.0).reshape(3, 1).expand(3, 4),
    "transposed": torch.arange(12.0).reshape(3, 4).t(),
    "strided_slice": torch.arange(20).reshape(4, 5)[::2, 1::2],
    "subclass_with_torch_function": torch.arange(6.0).reshape(2, 3).as_subclass(Logged),
    "parameter": nn.Parameter(torch.ones(2, 2)),
    "bool": torch.tensor([True, False]),
    "empty": torch.empty(0, 3),
}


def _roundtrip(value):
    frame = codec.encode(value)
    total, header_len = codec.HEADER.unpack(frame[: codec.HEADER.size])
    assert total == len(frame) - codec.HEADER.size
    return codec.decode(frame[codec.HEADER.size :], header_len)


def _odd_tensor(kind: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sparse CSR and nested tensors are "beta"
        return ODD[kind][0](torch.randn(2, 3, 4))


@pytest.mark.parametrize("kind", sorted(ODD))
def test_codec_sends_a_marker_for_a_tensor_it_cannot_carry(kind):
    """Does encode turn each odd tensor into a marker saying what it was, instead of raising?"""
    received = _roundtrip({"outputs": [{"tensor": _odd_tensor(kind)}], "after": torch.ones(2)})
    marker = received["outputs"][0]["tensor"]
    assert isinstance(marker, codec.Unsendable)
    assert marker.kind == kind.split("_")[0]
    assert torch.equal(received["after"], torch.ones(2))  # the rest of the message still arrives


@pytest.mark.parametrize("name", sorted(DENSE))
def test_codec_carries_dense_tensors_as_today(name):
    """Do complex, grad-requiring, expanded, strided and __torch_function__ tensors still cross intact?"""
    value = DENSE[name]
    received = _roundtrip(value)
    assert type(received) is torch.Tensor and not received.requires_grad
    assert received.dtype == value.dtype and received.shape == value.shape
    assert torch.equal(received, value.detach().as_subclass(torch.Tensor))


def test_codec_never_raises_for_values_json_cannot_hold():
    """Do a huge int, an object whose repr fails and odd dict keys cross as text instead of breaking encode?"""

    class Broken:
        def __repr__(self):
            raise ValueError("no repr")

    class Name(str):
        def __len__(self):
            raise RuntimeError("hostile")

    received = _roundtrip({"big": 10**5000, "broken": Broken(), (1, 2): Name("fine"), "u": "a\ud800b"})
    assert received["big"] == "an integer of 16610 bits"
    assert received["broken"] == "<Broken>"
    assert received["(1, 2)"] == "fine"
    assert codec.clip(received["u"]) == "a?b"


def test_decode_refuses_a_malformed_marker():
    """Is a marker of an unknown kind, sent by a hostile child, a channel error (not a crash later)?"""
    header = json.dumps({"__unsendable__": ["bogus", ""]}).encode()
    with pytest.raises(codec.ChannelError):
        codec.decode(header, len(header))
    header = json.dumps({"__unsendable__": ["subclass", "X" * 10_000]}).encode()
    assert len(codec.decode(header, len(header)).detail) < 200


@pytest.mark.parametrize("kind", sorted(ODD))
def test_forward_check_names_what_came_back_in_this_process(kind):
    """Run in the grader's own process (the notebook API, the reference path), does an odd output fail
    only the forward check, with a message that says what it was?"""
    make = ODD[kind][0]

    class Flatten(nn.Module):
        def forward(self, x):
            return make(x)

    namespace = {"Flatten": Flatten}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = evaluate(
            EXERCISES["flatten"], lambda p: observe.run(p.driver, namespace, p.params), list(namespace)
        )
    checks = {c.name: c for c in result.checks}
    assert checks["constructs"].passed and checks["parameter_names"].passed
    assert not checks["forward"].passed
    assert "forward returned " + ODD[kind][1] in checks["forward"].message(), checks["forward"].message()
    assert "could not judge" not in checks["forward"].message()


def test_difference_survives_odd_tensors_themselves():
    """Does the tensor comparison say what an odd tensor is, rather than raise, when it meets one?"""
    expected = torch.zeros(2, 12)
    for kind in ODD:
        problem = difference(_odd_tensor(kind), expected)
        assert problem and problem.code == "tensor_unsendable", problem
        assert render(problem, "en").startswith("expected a plain, dense tensor, found "), problem


def test_a_layer_returning_a_sparse_tensor_leaves_the_trace_readable():
    """Does a sparse output inside forward (seen by the trace hooks) still give a judged forward check?"""

    class Inner(nn.Module):
        def forward(self, x):
            return x.to_sparse()

    class Flatten(nn.Module):
        def __init__(self):
            super().__init__()
            self.inner = Inner()

        def forward(self, x):
            return self.inner(x.reshape(x.shape[0], -1)).to_dense() * 2

    namespace = {"Flatten": Flatten}
    result = evaluate(
        EXERCISES["flatten"], lambda p: observe.run(p.driver, namespace, p.params), list(namespace)
    )
    forward = next(c for c in result.checks if c.name == "forward")
    assert not forward.passed and "values differ" in forward.message(), forward.message()


def test_exception_text_is_clipped():
    """Does a 4 MB exception message, raised from a 4 MB line, become a few KB?"""
    try:
        exec(compile("raise ValueError('x' * 4_000_000)  # " + "y" * 1_000_000, "<cell 1>", "exec"))
    except ValueError as exc:
        error = observe.describe_exception(exc)
    text = render(finding("function_error", error=error), "en")
    assert len(text) < 4000 and text.startswith("ValueError: xxx") and " … (+" in text
    assert "line 1" in text and error["frames"][-1]["line"] == 1


def test_a_long_text_is_said_once_per_exercise():
    """When several checks would repeat one long error, is it in full under the first only, in every language
    and in every renderer?"""
    error = "ValueError: " + "x" * 1500
    checks = [
        CheckResult("constructs", True, [finding("passed", {"check": "lenet.constructs"})]),
        CheckResult("forward", False, [finding("construct_error", {"config": "M()"}, error=error)]),
        CheckResult("gradients", False, [finding("backward_error", {"config": "M()"}, error=error)]),
        CheckResult("short", False, [finding("not_defined", {"name": "M"})]),
    ]
    for c in checks:
        c.findings = [f.with_check(c.name) for f in c.findings]
    result = ExerciseResult("lenet", "LeNet", checks)
    said = result.messages("en")
    assert error in said["forward"]
    assert error not in said["gradients"] and "see `forward` for the rest" in said["gradients"]
    assert said["gradients"].startswith("`M()`: backward through forward raised an error:\nValueError: xxx")
    assert said["short"] == "`M` is not defined"
    assert error not in result.messages("zh-CN")["gradients"]
    page = render_html.exercise_html(result, "en")
    assert page.count("x" * 1500) == 1 and "for the rest" in page


@pytest.fixture(scope="module")
def check(tmp_path_factory):
    """`autograder check` on a hostile file, once per file: its JSON report and its text output."""
    done = {}

    def run(name: str, as_assignment: bool = False) -> tuple[dict, str]:
        if name not in done:
            done[name] = _check(tmp_path_factory.mktemp(name), name, as_assignment)
        return done[name]

    return run


def _check(folder, name: str, as_assignment: bool) -> tuple[dict, str]:
    path = HOSTILE / f"{name}.py"
    if as_assignment:  # graded as 04_custom_layers (every exercise of it), as in class grading
        path = shutil.copy(path, folder / "04_custom_layers.py")
    runs = {}
    for fmt in ("json", "text"):
        result = subprocess.run(
            [PYTHON, "-m", "autograder", "check", str(path), "--format", fmt, "--timeout", "60"],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=ROOT,
        )
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        runs[fmt] = result.stdout
    return json.loads(runs["json"]), runs["text"]


def _checks(report: dict) -> dict:
    return {(e["id"], c["name"]): c for e in report["exercises"] for c in e["checks"]}


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, message", [("meta_output", "a tensor on the meta device"), ("sparse_output", "a sparse tensor")]
)
def test_an_odd_output_fails_one_check(check, name, message):
    """Does `check` fail only Flatten's forward, saying what came back, and grade MyLinear in full?"""
    report, text = check(name)
    checks = _checks(report)
    assert not checks["flatten", "forward"]["passed"]
    assert f"forward returned {message}" in checks["flatten", "forward"]["message"]
    assert [k for k, c in checks.items() if not c["passed"]] == [("flatten", "forward")]
    assert report["score"] == 9 and report["max_score"] == 10
    assert "channel" not in text and "Traceback" not in text


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, as_assignment",
    [
        ("huge_exception", False),
        ("huge_exception_at_import", True),
        ("huge_reply_in_forward", True),
        ("huge_reply_at_start", True),
    ],
)
def test_a_4mb_message_costs_a_few_kb(check, name, as_assignment):
    """Does a 4 MB message (raised, or forged on the channel by the child) stay a few KB of output?"""
    report, text = check(name, as_assignment)
    size = len(json.dumps(report))
    assert size < SMALL and len(text) < SMALL, (size, len(text))
    assert report["exercises"], text
    for exercise in report["exercises"]:
        # However many checks fail, a long run of one letter is in full under one of them at most.
        full = [c for c in exercise["checks"] if any(ch * 1000 in c["message"] for ch in "xyzEn")]
        assert len(full) <= 1, [c["name"] for c in full]


@pytest.mark.slow
def test_huge_exception_keeps_the_other_exercise(check):
    """Does a 4 MB error in Flatten's forward cost Flatten's forward check only?"""
    report, text = check("huge_exception")
    checks = _checks(report)
    assert [k for k, c in checks.items() if not c["passed"]] == [("flatten", "forward")]
    assert "ValueError: xxxx" in checks["flatten", "forward"]["message"]
    assert "raised RuntimeError: zzzz" in text  # the failing cell, in the notes, once
    assert text.count("raised RuntimeError: z") == 1
