"""Is a student's error data until the report words it: observed as its type, message and their own lines, and
written in the reader's language, with nothing English in a Chinese report but what Python and the student wrote?
"""

from __future__ import annotations

import linecache
import re

import pytest
from test_i18n import english_in

from autograder import i18n
from autograder.findings import finding
from autograder.grading import _cell_notes
from autograder.jailed.observe import common
from autograder.jailed.observe.common import CAUSES, MAX_FRAMES, MAX_LINE, MAX_MESSAGE, describe_exception
from autograder.sandbox import schema
from autograder.sandbox.runner import Sandbox

FORWARD = "class M:\n    def forward(self, x):\n        y = x\n        raise ValueError('bad input')\n\nM().forward(1)\n"


def _raised(source: str, filename: str = "<student errors>", place: dict | None = None) -> dict:
    """The error dict of what `source` raises, compiled as a cell of the submission at `place`."""
    if place is not None:
        common.CELL_FILES[filename] = place
    try:
        exec(compile(source, filename, "exec"), {})
    except BaseException as exc:  # noqa: BLE001
        return describe_exception(exc)
    finally:
        common.CELL_FILES.pop(filename, None)
    raise AssertionError("nothing raised")


def _said(error: dict, lang: str) -> str:
    return i18n.render(finding("function_error", error=error), lang)


def test_an_error_is_its_type_message_and_the_students_own_lines():
    """Is a ValueError raised in a cell observed as its type, its message and the student's frames, each frame
    placed in the cell the grader named (not a file name), innermost last, and valid as the grader reads it?"""
    error = _raised(FORWARD, place={"kind": "cell", "number": 4})
    assert error["type"] == "ValueError" and error["message"] == "bad input" and error["cause"] is None
    # The first frame is this test's own `exec` (in the jail, the child's is the grader's, and left out); a line
    # compiled from a string has no text to quote.
    assert [(f["function"], f["file"], f["line"], f["code"]) for f in error["frames"][1:]] == [
        ("<module>", {"kind": "cell", "number": 4}, 6, ""),
        ("forward", {"kind": "cell", "number": 4}, 4, ""),
    ]
    assert schema.valid_error(error)


@pytest.mark.parametrize(
    "error, english",
    [
        (
            {
                "type": "ValueError",
                "message": "bad input",
                "frames": [
                    {
                        "function": "forward",
                        "file": {"kind": "cell", "number": 4},
                        "line": 11,
                        "code": "y = x",
                    }
                ],
                "cause": None,
            },
            "ValueError: bad input\n  in forward, cell 4 line 11: `y = x`",
        ),
        (
            common.error_dict("NotImplementedError", cause="stub"),
            "NotImplementedError: not implemented yet (replace `raise NotImplementedError()` with your code)",
        ),
        (
            common.error_dict("MemoryError", "", cause="memory"),
            "memory limit: the submission tried to use more memory than it may\nMemoryError:",
        ),
        (
            common.error_dict("SystemExit", "0", cause="exit"),
            "the cell called exit() (0); the grader carried on",
        ),
        (common.error_dict("KeyboardInterrupt", cause="interrupt"), "KeyboardInterrupt"),
        (
            common.error_dict("RecursionError", cause="recursion"),
            "RecursionError: maximum recursion depth exceeded",
        ),
        (common.error_dict("", cause="not_defined", name="LeNet"), "`LeNet` is not defined"),
        (
            common.error_dict("", cause="not_module", name="LeNet", found="dict"),
            "`LeNet(...)` returned a dict, not an nn.Module",
        ),
        (
            {
                "type": "KeyError",
                "message": "'fc9'",
                "frames": [
                    {"function": "f", "file": {"kind": "script", "file": "a.py"}, "line": 3, "code": ""},
                    {
                        "function": "g",
                        "file": {"kind": "script_cell", "file": "a.py", "line": 9},
                        "line": 12,
                        "code": "d[k]",
                    },
                    {"function": "h", "file": "helpers.py", "line": 2, "code": "1"},
                ],
                "cause": None,
            },
            "KeyError: 'fc9'\n  in f, a.py line 3:\n  in g, a.py, cell at line 9 line 12: `d[k]`\n  in h, helpers.py line 2: `1`",
        ),
    ],
)
def test_english_reads_as_it_always_did(error, english):
    """Does each kind of error read in English exactly as the child's own sentences read before they became
    data (the headline, each cause, each place a frame can be in)?"""
    assert schema.valid_error(error)
    assert _said(error, "en") == english


def test_a_chinese_report_keeps_only_pythons_and_the_students_words():
    """Does a student's ValueError render in zh-CN with no English other than the exception's own type and
    message, and the code it quotes?"""
    error = _raised(FORWARD, place={"kind": "cell", "number": 4})
    error["frames"][-1]["code"] = "raise ValueError('bad input')"
    said = i18n.render(finding("forward_error", error=error), "zh-CN")
    assert said.split("\n")[1] == "ValueError: bad input"  # Python's own line, as Python writes it
    last = said.split("\n")[-1]  # the student's line, in the cell the grader named, worded in Chinese
    cell = i18n.place({"kind": "cell", "number": 4}, i18n.catalogue("zh-CN"))
    assert cell in last and "第 4 行" in last and last.endswith("`raise ValueError('bad input')`"), said
    assert english_in(said.replace("ValueError: bad input", "")) == [], said
    for cause in CAUSES:
        zh = _said(common.error_dict("", "", cause=cause, name="n", found="f", megabytes=1), "zh-CN")
        assert english_in(zh) == [] and "[[missing" not in zh, (cause, zh)


def test_every_cause_is_worded_in_every_language():
    """Does each catalogue word every cause an error can have, every frame, and every place a cell can be?"""
    for lang in i18n.LANGUAGES:
        cat = i18n.catalogue(lang)
        assert set(CAUSES) | {"headline", "frame", "frame_no_code"} == set(cat["errors"]), lang
        assert set(i18n.PLACES) <= set(cat["terms"]), lang


def test_what_a_student_controls_is_clipped():
    """Is a 4 MB message clipped, a 10 KB line too, ANSI colours stripped, and only the last frames kept?"""
    deep = "def f(n):\n    if n == 0:\n        raise ValueError('\\x1b[31m' + 'x' * 4_000_000)\n    f(n - 1)\nf(6)\n"
    error = _raised(deep)
    assert len(error["frames"]) == MAX_FRAMES and error["frames"][-1]["line"] == 3
    assert "\x1b" not in error["message"] and "[31m" not in error["message"]
    assert error["message"].startswith("xxx") and len(error["message"]) < MAX_MESSAGE + 40
    assert schema.valid_error(error)
    line = "raise ValueError()  # " + "y" * 10_000
    linecache.cache["<long line>"] = (len(line), None, [line + "\n"], "<long line>")
    try:
        error = _raised(line, "<long line>")
    finally:
        linecache.cache.pop("<long line>", None)
    assert error["frames"][-1]["code"].startswith("raise ValueError()  # yyy")
    assert len(error["frames"][-1]["code"]) < MAX_LINE + 40 and schema.valid_error(error)


class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("no")


def test_a_message_that_cannot_be_read_is_said_so_as_data():
    """When the student's exception cannot say what it is (its __str__ raises), is that a cause, worded by the
    catalogue, rather than English text in the message?"""
    try:
        raise Unprintable()
    except Unprintable as exc:
        error = describe_exception(exc)
    assert error["cause"] == "unreadable" and error["message"] == "" and error["type"] == "Unprintable"
    assert _said(error, "en").startswith("Unprintable: (its message could not be read)")
    zh = _said(error, "zh-CN").split("\n")[0]
    assert zh.startswith("Unprintable") and zh != "Unprintable:" and english_in(zh) == [], zh


def test_a_bare_not_implemented_error_is_the_exercise_stub():
    """Is `raise NotImplementedError()` (the exercise's placeholder) the cause `stub`, and one with a message
    the student's own error?"""
    assert _raised("raise NotImplementedError()")["cause"] == "stub"
    assert _raised("raise NotImplementedError('later')")["cause"] is None


def test_old_words_are_written_as_they_are():
    """Does an error or a cell written as words (an older record, or the grader's own) still render, as is?"""
    old = finding("cell_raised", {"cell": "cell 3"}, error="ValueError: bad\n  in f, cell 3 line 2: `x`")
    assert i18n.render(old, "en") == "cell 3 raised ValueError: bad\n  in f, cell 3 line 2: `x`"
    assert i18n.render(old, "zh-CN").startswith("cell 3抛出了 ValueError: bad")


def test_cells_that_raise_in_the_sandbox_are_data_worded_in_both_languages():
    """Run in the jail, do cells that exit, import a package the course leaves out, raise in a `# %%` cell or
    are interrupted come back as error dicts, placed where the grader put them, and worded in each language?"""
    cells = [
        {"cell": {"kind": "cell", "number": 2}, "source": "import sys\nsys.exit(3)\n"},
        {"cell": {"kind": "cell", "number": 3}, "source": "import torchvision\n"},
        {
            "cell": {"kind": "script_cell", "file": "a.py", "line": 5},
            "source": "\n" * 4 + "def f():\n    1 / 0\nf()\n",
        },
        {"cell": {"kind": "cell", "number": 7}, "source": "raise KeyboardInterrupt\n"},
        {"cell": {"kind": "cell", "number": 8}, "source": "x = 1\n"},
    ]
    with Sandbox(timeout=60) as box:
        ran = box.exec_cells(cells)
    errors = [c["error"] for c in ran["cells"]]
    assert [c["cell"] for c in ran["cells"]] == [c["cell"] for c in cells]
    assert [e and e["cause"] for e in errors] == ["exit", None, None, "interrupt", None]
    assert errors[1]["type"] == "ModuleNotFoundError" and errors[4] is None
    assert errors[2]["type"] == "ZeroDivisionError"
    assert [(f["function"], f["file"], f["line"]) for f in errors[2]["frames"]] == [
        ("<module>", {"kind": "script_cell", "file": "a.py", "line": 5}, 7),
        ("f", {"kind": "script_cell", "file": "a.py", "line": 5}, 6),
    ]
    notes = _cell_notes(ran["cells"])
    assert [n.code for n in notes] == ["package_left_out", "cell_raised", "cell_raised", "cell_raised"]
    en = [i18n.render(n, "en") for n in notes]
    assert en[0].startswith("cell 3 imports `torchvision`")
    assert en[1] == "cell 2 raised the cell called exit() (3); the grader carried on"
    assert en[2] == (
        "a.py, cell at line 5 raised ZeroDivisionError: division by zero\n"
        "  in <module>, a.py, cell at line 5 line 7: `f()`\n"
        "  in f, a.py, cell at line 5 line 6: `1 / 0`"
    )
    zh = [i18n.render(n, "zh-CN") for n in notes]
    zh_place = i18n.place(cells[2]["cell"], i18n.catalogue("zh-CN"))
    assert zh[0].startswith(i18n.place(cells[1]["cell"], i18n.catalogue("zh-CN")))
    assert zh_place in zh[2].split("\n")[-1] and zh[2].endswith("第 6 行：`1 / 0`"), zh[2]
    for text in zh:
        prose = re.sub(r"`[^`]*`|ZeroDivisionError: division by zero", "", text)
        assert english_in(prose) == [], text
