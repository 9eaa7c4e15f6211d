"""Does every zh-CN output read in Chinese, apart from code, identifiers and what the submission itself said?

Two nets, one per source of words:

- the catalogue: every zh-CN template, its placeholders and `code` taken out, may hold identifiers (`state_dict`,
  `LeNet`, `MaxPool2d(2`) and the few English names the glossary keeps (notebook, PyTorch, JSON), never an
  English word of prose;
- the code: reports graded in zh-CN (every finding a submission's failures gave, notes, faults, sandbox failures,
  the page of a student who submitted nothing) are rendered as text, HTML and JSON; an English word there must
  come from the finding's own data (a student's error message, a layer's name), or the grader wrote it.
"""

from __future__ import annotations

import json
import re
import tomllib

import pytest
from conftest import ROOT, VARIANTS

from autograder import i18n
from autograder.findings import Finding, finding
from autograder.grading import grade_namespace
from autograder.render_html import report_html
from autograder.report import CheckResult, ExerciseResult, Report

CATALOGUE = ROOT / "autograder" / "i18n" / "zh-CN.toml"
CODE = re.compile(r"`[^`]*`")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.'()\[\]:/-]*")
# English a Chinese course keeps as it is: names of tools, formats and units, and PyTorch's own words that the
# glossary (course/glossary.csv) says stay in English.
KEPT = {
    "notebook",
    "PyTorch",
    "Python",
    "NumPy",
    "JSON",
    "UTF",
    "MB",
    "ID",
    "CPU",
    "FIFO",
    "cgroup",
    "seccomp",
    "forward",
    "backward",
    "autograd",
    "torchvision",
    "torch",
    "pickle",
    "root",
    "ImageNet",
    "Caffe",
    "Adam",
    "softmax",
    "sigmoid",
    "logits",
    "dtype",
    "ReLU",
    "BatchNorm",
    "Dropout",
    "VGG",
    "ResNet",
    "UNet",
    "LeNet",
    "io_uring",
    "libseccomp",
    "pyseccomp",
    "libseccomp2",
    "nbgrader",
    "SQLite",
    "Chromium",
    "Jupyter",
    "JupyterLab",
    "Ctrl",
    "SIGINT",
    "SIGTERM",
    "PNG",
    "CSV",
    "HTML",
    "URL",
    "OK",
    "GiB",
    "KB",
    "ipynb",
    "secret-file",
    "memory-mb",
    "log-softmax",
    "s",
}


def _identifier(word: str) -> bool:
    """`state_dict`, `nn.Linear`, `x1`, `MaxPool2d(2`, `LeNetWithMeta`, `N`: code, whether or not in backticks."""
    return bool(re.search(r"[_.()\[\]0-9:/]", word)) or word[0].isupper() or len(word) <= 2 or word in KEPT


def _prose_words(text: str) -> set[str]:
    text = PLACEHOLDER.sub(" ", CODE.sub(" ", text))
    return {w for w in WORD.findall(text) if not _identifier(w.strip("'-"))}


def _templates(table: dict, path: str = ""):
    for key, value in table.items():
        if isinstance(value, dict):
            yield from _templates(value, f"{path}{key}.")
        elif isinstance(value, str):
            yield f"{path}{key}", value


# Words of English in zh-CN templates that are names in code written without backticks (a parameter of a
# PyTorch layer, an attribute, a verb of a method): each is an identifier a student types.
CODE_WORDS = {
    "stride",
    "padding",
    "bias",
    "momentum",
    "persistent",
    "unbiased",
    "strict",
    "head",
    "trunk",
    "stem",
    "training",
    "features",
    "running",
    "meta",
    "planes",
    "factor",
    "bilinear",
    "downsample",
    "maxpool",
    "conv",
    "mid",
    "up",
    "fc",
    "outc",
    "epoch",
    "model",
    "name",
    "key",
    "index",
    "dim",
    "diff",
    "var",
    "log",
    "list",
    "dict",
    "int",
    "grad",
    "predict",
    "secret",
    "file",
    "timeout",
    "memory",
    "mb",
    "workers",
    "out",
    "pid",
    "feedback",
    "partial",
    "assignment",
    "student",
    "cpu",
    "lenet",
    "if",
    "range",
    "i",
    "x",
    "y",
    "b",
    "layer1",
    "layer2",
    "layer3",
    "layer4",
    "down4",
    "batch_stat",
    "shape",
    "batch_norm",
    "ceil_mode",
    "weights_only",
    "trainable_only",
    "align_corners",
    "in_channels",
    "out_channels",
    "kernel_size",
}


def test_no_english_prose_in_the_catalogue():
    """Is every zh-CN template Chinese outside code, placeholders, identifiers and the names a course keeps?"""
    catalogue = tomllib.loads(CATALOGUE.read_text())
    english = {}
    for key, template in _templates(catalogue):
        words = _prose_words(template) - CODE_WORDS
        if words:
            english[key] = sorted(words)
    assert not english, english


def _english_not_from_data(text: str, findings: list[Finding]) -> set[str]:
    """English words in `text` (code aside) that none of `findings`' data or subjects holds."""
    facts = json.dumps([f.to_dict() for f in findings], ensure_ascii=False)
    return {w for w in _prose_words(text) - CODE_WORDS if w not in facts}


def _all_findings(report: Report) -> list[Finding]:
    found = list(report.notes) + ([report.fault] if report.fault else [])
    return found + [f for e in report.exercises for c in e.checks for f in c.findings]


def _assert_chinese(report: Report) -> None:
    findings = _all_findings(report)
    outputs = {
        "text": report.to_text("zh-CN"),
        "html": re.sub(r"<[^>]+>", " ", re.sub(r"<code[^>]*>.*?</code>", " ", report_html(report))),
        "json": " ".join(
            [c["message"] for e in report.to_dict("zh-CN")["exercises"] for c in e["checks"]]
            + report.to_dict("zh-CN")["notes"]
        ),
    }
    for kind, text in outputs.items():
        assert "[[missing" not in text, (kind, text)
        assert not _english_not_from_data(text, findings), (
            kind,
            _english_not_from_data(text, findings),
            text,
        )


# A few variants per kind of failure: an error in forward, a stub, a wrong shape, a missing name, a known
# mistake, a crash while building.
GRADED = [
    ("lenet", "bad_forgot_pool_crash"),
    ("lenet", "zero_stub"),
    ("lenet", "bad_no_super"),
    ("mylinear", "bad_transposed_weight"),
    ("my_sequential", "bad_getitem_by_name"),
    ("strip_prefix", "bad_lstrip"),
    ("freeze", "bad_no_return"),
    ("feature_extractor", "bad_forces_eval"),
    ("predict", "bad_no_finally"),
    ("checkpoint", "bad_tensor_epoch"),
    ("port_weights", "bad_dense_not_transposed"),
    ("tiny_module", "bad_no_dedup"),
    ("causal_block", "bad_mask_persistent"),
    ("running_norm", "bad_counter_not_persistent"),
]


@pytest.mark.parametrize("exercise, variant", GRADED, ids=[f"{e}/{v}" for e, v in GRADED])
def test_a_graded_report_reads_in_chinese(exercise, variant):
    """Graded in zh-CN, does the report (text, HTML, JSON) hold no English the grader wrote?"""
    path = VARIANTS / exercise / f"{variant}.py"
    namespace: dict = {"__name__": "submission"}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    _assert_chinese(grade_namespace(namespace, [exercise], lang="zh-CN"))


def _sample(code: str) -> Finding:
    """`code` with facts of the right kinds for its template (what the grader and the sandbox report)."""
    samples = {
        "stage": {"stage": "running", "what": "LeNet()"},
        "seconds": 10,
        "megabytes": 512,
        "signal": "SIGKILL",
        "code": 3,
        "path": "structure.parameters",
        "error": {"type": "ValueError", "message": "bad", "frames": [], "cause": None},
        "missing": ["seccomp", "cgroup"],
        "output": "hello",
        "count": 3,
        "folder": "/var/lock",
        "detail": "EPERM",
        "exercise": "lenet",
        "first": 60000,
        "last": 60999,
        "reason": finding("fault_worker_failed").to_dict(),
        "cell": 4,
    }
    return Finding(code, data=samples)


NOTES_AND_FAULTS = [
    "time_limit",
    "memory_limit",
    "memory_limit_stopped",
    "killed_by_signal",
    "exited",
    "channel_interference",
    "channel_broken",
    "observation_invalid",
    "observations_too_large",
    "not_graded",
    "printed",
    "printed_cut",
    "printed_while_checked",
    "printed_while_checked_cut",
    "sandbox_missing",
    "no_exercise_found",
    "oracle_not_recorded",
    "oracle_hidden_needs_reference",
    "oracle_out_of_date",
    "more_cells_raised",
]


def test_notes_faults_and_sandbox_failures_read_in_chinese():
    """Does every note, sandbox failure and grader fault read in Chinese in a zh-CN report?"""
    catalogue = i18n.catalogue("zh-CN")["findings"]
    faults = [c for c in catalogue if c.startswith("fault_")]
    assert faults, "the grader's faults are findings with codes fault_*"
    checks = [
        CheckResult("forward", False, [_sample(code).with_check("forward")]) for code in NOTES_AND_FAULTS
    ]
    for code in faults:
        report = Report("a.ipynb", [], [_sample("not_graded")], fault=_sample(code), lang="zh-CN")
        _assert_chinese(report)
    report = Report(
        "a.ipynb",
        [ExerciseResult("lenet", "LeNet", checks)],
        [_sample(code) for code in NOTES_AND_FAULTS],
        lang="zh-CN",
    )
    _assert_chinese(report)
