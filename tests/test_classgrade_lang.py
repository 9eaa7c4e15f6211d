"""Does `autograder grade --lang zh-CN` speak Chinese to the instructor: summary, progress, errors, item analysis?

Every line comes from the catalogues (autograder/i18n/); a Chinese line must hold no English sentence (the
same detector as tests/test_i18n.py: three English words in a row, `code` aside). Each test also renders the
English, so that the detector is seen to fire where English is expected.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from conftest import PYTHON, VARIANTS
from test_i18n import english_in

from autograder import i18n
from autograder.classgrade import gradebook, outputs, summary
from autograder.classgrade.discover import LayoutError, discover
from autograder.classgrade.outfolder import OutputFolder, OutputFolderError
from autograder.classgrade.run import Progress
from autograder.exercises import ASSIGNMENTS

A = "04_custom_layers"
HONEST_SCRIPT = "\n".join(
    (VARIANTS / e / f).read_text()
    for e, f in (("flatten", "good_reshape.py"), ("mylinear", "good_functional.py"))
)


def _every_case() -> dict:
    """A summary with every kind of line: failures, grader faults, not submitted, notes, skips, an assignment
    nobody submitted, more failures than the printed list shows, and an interruption."""
    failed = [{"student": f"s{i:02d}", "assignment": A, "reason": "原因"} for i in range(12)]
    scores = {
        "max": 10.0,
        "submissions": 3,
        "not_submitted": 0,
        "mean": 5.0,
        "median": 5,
        "lowest": 0,
        "highest": 10,
        "distribution": dict.fromkeys(summary.BANDS, 1),
    }
    return {
        "partial": True,
        "interrupted_by": "SIGINT",
        "students": ["alice", "bob"],
        "assignments": ["01_modules", A],
        "counts": {
            "submissions": 3,
            "graded": 1,
            "unchanged": 0,
            "failed": 12,
            "grader_fault": 1,
            "pending": 1,
            "not_submitted": 1,
        },
        "failed": failed,
        "grader_faults": [{"student": "bob", "assignment": A, "reason": "OSError: 42"}],
        "not_submitted": [{"student": "alice", "assignment": "01_modules"}],
        "extra_notebooks": [],
        "notes": [{"student": "bob", "assignment": A, "note": "备注"}],
        "skipped": [{"path": ".hidden", "reason": "隐藏"}],
        "scores": {"01_modules": {**scores, "submissions": 0}, A: scores},
        "outputs": dict(outputs.NAMES),
    }


@pytest.mark.parametrize("partial", [True, False], ids=["interrupted", "complete"])
def test_summary_in_chinese_has_no_english_sentence(tmp_path, partial):
    """Is every line of the printed summary Chinese in zh-CN (and English in en), subjects kept as they are?"""
    case = {**_every_case(), "partial": partial}
    case["counts"] = {**case["counts"], "unchanged": 0 if partial else 2}
    zh = summary.render(case, tmp_path, 12.0, "sqlite:///gradebook.db", lang="zh-CN")
    en = summary.render(case, tmp_path, 12.0, "sqlite:///gradebook.db", lang="en")
    assert english_in(zh) == [], zh
    assert english_in(en), en
    assert zh.count("\n") == en.count("\n")  # the same lines, in the other language
    for subject in ("s00/04_custom_layers", "bob/04_custom_layers", "alice/01_modules", ".hidden"):
        assert subject in zh and subject in en, subject
    assert ("SIGINT" in zh) == ("SIGINT" in en) == partial


def test_counts_in_english_agree_with_their_number():
    """Does English say "1 student" and "2 students" (one template per form, not an `s` glued on)?"""
    assert outputs.count(1, "students", "en") == "1 student"
    assert outputs.count(2, "students", "en") == "2 students"
    assert outputs.count(1, "submissions", "zh-CN") == i18n.text("n_submissions_one", "zh-CN", n=1)


def test_progress_line_in_chinese(capsys):
    """Is the progress line (before any rate is known, and with an ETA) Chinese in zh-CN and English in en?"""
    for lang in ("zh-CN", "en"):
        bar = Progress(total=2, unchanged=0, lang=lang)
        bar.advance({"status": "failed"}, through_worker=False)  # no notebook graded yet: no rate, no ETA
        bar.advance({"status": "graded"}, through_worker=True)
        bar.finish()
        lines = capsys.readouterr().err.strip().splitlines()
        assert [re.split("[:：]", line)[0] for line in lines] == ["1/2", "2/2"], lines
        # Numbers aside, a Chinese line has no Latin letter at all; an English one has words.
        assert all(bool(re.search("[A-Za-z]{3,}", line)) == (lang == "en") for line in lines), lines


def _layouts(tmp_path):
    """Four submitted folders that are not nbgrader's layout, one per way of getting it wrong."""
    empty = tmp_path / "empty"
    empty.mkdir()
    one_student = tmp_path / "alice"
    (one_student / "01_modules").mkdir(parents=True)
    loose = tmp_path / "loose"
    (loose / "bob").mkdir(parents=True)
    (loose / "bob" / "01_modules.ipynb").write_text("{}")
    unknown = tmp_path / "unknown"
    (unknown / "carol" / "99_nothing").mkdir(parents=True)
    return [empty, one_student, loose, unknown]


def test_layout_errors_in_chinese(tmp_path):
    """Does each layout error name the folder and say what was expected, in the run's language?"""
    for root in _layouts(tmp_path):
        messages = {}
        for lang in ("zh-CN", "en"):
            with pytest.raises(LayoutError) as caught:
                discover(root, ASSIGNMENTS, lang)
            messages[lang] = str(caught.value)
        assert english_in(messages["zh-CN"]) == [] and english_in(messages["en"]), messages
        assert str(root) in messages["zh-CN"] and "<student>/<assignment>/" in messages["zh-CN"]


def test_discovery_reasons_and_notes_in_chinese(tmp_path):
    """Are the skipped entries' reasons, a missing notebook's reason and the folder notes Chinese in zh-CN?"""
    root = tmp_path / "submitted"
    (root / ".hidden").mkdir(parents=True)
    (root / "notes.txt").write_text("")
    (root / "alice" / A).mkdir(parents=True)
    (root / "alice" / A / f"{A}.py").write_text("")
    (root / "alice" / A / "copy.py").write_text("")
    (root / "alice" / "99_nothing").mkdir()
    (root / "bob" / A).mkdir(parents=True)
    (root / "bob" / A / "Untitled.ipynb").write_text("{}")
    (root / "carol" / "01_modules").mkdir(parents=True)
    labelled = json.dumps({"metadata": {"autograder": {"assignment": A}}, "cells": []})
    (root / "carol" / "01_modules" / "01_modules.ipynb").write_text(labelled)  # says it is 04_custom_layers
    (root / "dan" / A).mkdir(parents=True)  # an empty assignment folder
    texts = {}
    for lang in ("zh-CN", "en"):
        klass = discover(root, ASSIGNMENTS, lang)
        reasons = [s["reason"] for s in klass.skipped]
        reasons += [i.missing_reason for i in klass.items if i.missing_reason] + [
            n for i in klass.items for n in i.notes
        ]
        texts[lang] = reasons
    # 3 skipped; nothing submitted (4 times), no notebook, no notebook but another one; an extra copy, a label
    assert len(texts["zh-CN"]) == len(texts["en"]) == 3 + 6 + 2
    assert all(english_in(t) == [] for t in texts["zh-CN"]), texts["zh-CN"]
    assert all(zh != en for zh, en in zip(texts["zh-CN"], texts["en"], strict=True))  # each one translated
    assert english_in(" / ".join(texts["en"])), texts["en"]


def test_output_folder_and_gradebook_errors_in_chinese(tmp_path):
    """Are "another run holds the output folder" and "no such gradebook" Chinese in zh-CN?"""
    holder = OutputFolder(tmp_path / "out")
    holder.acquire()
    try:
        for lang, english in (("zh-CN", False), ("en", True)):
            with pytest.raises(OutputFolderError) as caught:
                OutputFolder(tmp_path / "out", lang).acquire()
            assert bool(english_in(str(caught.value))) == english, caught.value
            assert str(tmp_path / "out") in str(caught.value)
    finally:
        holder.release()
    for lang, english in (("zh-CN", False), ("en", True)):
        with pytest.raises(gradebook.GradebookError) as caught:
            gradebook.check(f"sqlite:///{tmp_path / 'missing.db'}", [A], lang)
        assert bool(english_in(str(caught.value))) == english, caught.value


def test_item_analysis_page_in_chinese(tmp_path):
    """Is the item analysis page (title, headings, column names, the chart's description) Chinese in zh-CN?"""
    records = [
        {
            "student": student,
            "assignment": A,
            "status": "graded",
            "notebook": f"{A}.py",
            "report": {
                "score": float(passed),
                "lang": "zh-CN",
                "exercises": [
                    {"id": "flatten", "checks": [{"name": "forward", "passed": passed, "message": ""}]}
                ],
            },
            "notes": [],
        }
        for student, passed in (("alice", True), ("bob", False))
    ]
    pages = {}
    for lang in ("zh-CN", "en"):
        out = tmp_path / lang
        outputs.write_all(records, {"assignments": [A], "students": ["alice", "bob"]}, out, lang)
        pages[lang] = (out / outputs.NAMES["analysis"]).read_text()
        assert (out / outputs.NAMES["chart"]).stat().st_size > 0
    assert "<td>flatten</td><td>forward</td><td>1/2</td>" in pages["zh-CN"]
    # The page's own words: tag contents and the image's description, without the tags.
    words = {
        lang: re.sub(r"<[^>]*>", " ", page) + " ".join(re.findall(r"alt='([^']*)'", page))
        for lang, page in pages.items()
    }
    assert english_in(words["zh-CN"]) == [], pages["zh-CN"]
    assert english_in(words["en"]), pages["en"]


def test_chart_is_chinese_only_where_a_chinese_font_is_installed(monkeypatch):
    """Does the chart use Chinese words with a Chinese font, and no words (not boxes, not English) where none is
    installed?"""
    from matplotlib import font_manager

    class Font:
        def __init__(self, name):
            self.name = name

    monkeypatch.setattr(font_manager.fontManager, "ttflist", [Font("DejaVu Sans")])
    assert outputs.chart_language("zh-CN") == (None, None)
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [Font("DejaVu Sans"), Font("Noto Sans CJK SC")])
    assert outputs.chart_language("zh-CN") == ("zh-CN", "Noto Sans CJK SC")
    assert outputs.chart_language("en") == ("en", None)


def _analysis(tmp_path, monkeypatch, lang: str) -> tuple[str, dict[str, list[str]]]:
    """The item analysis page `write_all` writes in `lang`, and the words its chart drew (by matplotlib call)."""
    from matplotlib.axes import Axes

    drawn: dict[str, list[str]] = {"title": [], "xlabel": [], "ylabel": [], "ticks": []}
    for call in ("set_title", "set_xlabel", "set_ylabel"):
        original = getattr(Axes, call)

        def record(self, text, *args, _call=call, _original=original, **kwargs):
            drawn[_call.removeprefix("set_")].append(str(text))
            return _original(self, text, *args, **kwargs)

        monkeypatch.setattr(Axes, call, record)
    original_ticks = Axes.set_yticks

    def ticks(self, positions, labels=None, *args, **kwargs):
        drawn["ticks"].extend(str(label) for label in labels or ())
        return original_ticks(self, positions, labels, *args, **kwargs)

    monkeypatch.setattr(Axes, "set_yticks", ticks)
    records = [
        {
            "student": student,
            "assignment": A,
            "status": "graded",
            "notebook": f"{A}.py",
            "report": {
                "submission": f"{A}.py",
                "score": float(passed),
                "lang": lang,
                "exercises": [
                    {"id": "flatten", "checks": [{"name": "forward", "passed": passed, "message": ""}]}
                ],
            },
            "notes": [],
        }
        for student, passed in (("alice", True), ("bob", False))
    ]
    out = tmp_path / lang
    outputs.write_all(records, {"assignments": [A], "students": ["alice", "bob"]}, out, lang)
    assert (out / outputs.NAMES["chart"]).stat().st_size > 0
    return (out / outputs.NAMES["analysis"]).read_text(), drawn


def test_without_a_chinese_font_the_chart_draws_no_words_and_the_page_says_them(tmp_path, monkeypatch):
    """Where no Chinese font is installed, does the chart draw only identifiers and numbers (no English title
    or axis label), and the Chinese page give its title and axis label as a caption under the image?"""
    monkeypatch.setattr(outputs, "CJK_FONTS", ())
    page, drawn = _analysis(tmp_path, monkeypatch, "zh-CN")
    assert drawn["title"] == drawn["xlabel"] == drawn["ylabel"] == [], drawn
    assert drawn["ticks"] == ["flatten::forward"], drawn
    caption = re.search(r"<figcaption>(.*?)</figcaption>", page)
    assert caption, page
    for key in ("analysis_chart_title", "analysis_chart_axis"):
        assert i18n.text(key, "zh-CN") in caption.group(1)
    assert english_in(re.sub(r"<[^>]*>", " ", page)) == [], page


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # the stand-in font has no Chinese glyphs
def test_with_a_chinese_font_the_chart_speaks_chinese_and_the_page_needs_no_caption(tmp_path, monkeypatch):
    """With a Chinese font, are the chart's title and axis label Chinese (and English in an English run), with
    no caption repeating them on the page?"""
    monkeypatch.setattr(outputs, "CJK_FONTS", ("DejaVu Sans",))  # a font matplotlib has, standing in for one
    for lang in ("zh-CN", "en"):
        page, drawn = _analysis(tmp_path, monkeypatch, lang)
        assert drawn["title"] == [i18n.text("analysis_chart_title", lang)], drawn
        assert drawn["xlabel"] == [i18n.text("analysis_chart_axis", lang)], drawn
        assert "<figcaption>" not in page


def test_a_student_who_submitted_nothing_gets_a_page_and_a_summary_in_the_runs_language(tmp_path):
    """Does a `grade --lang zh-CN` run give a student who submitted nothing (and one whose folder lacks the
    notebook) a Chinese feedback page, and name them in a Chinese summary (English in an `--lang en` run)?"""
    submitted = tmp_path / "submitted"
    (submitted / "alice" / A).mkdir(parents=True)
    (submitted / "alice" / A / "copy.py").write_text("x = 1\n")  # not the assignment's file: a zero
    (submitted / "carol" / "01_modules").mkdir(parents=True)  # nothing at all for 04_custom_layers
    for lang in ("zh-CN", "en"):
        out = tmp_path / f"out-{lang}"
        result = subprocess.run(
            [PYTHON, "-m", "autograder", "grade", str(submitted), "--out", str(out), "--workers", "1"]
            + ["--public", "--lang", lang],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        page = (out / outputs.NAMES["feedback"] / "carol.html").read_text()
        words = re.sub(r"<[^>]*>", " ", page)
        assert f"<html lang='{lang}'>" in page
        assert i18n.text("nothing_submitted", lang, assignment=A) in words, page
        assert i18n.text("feedback_for", lang, student="carol") in words, page
        assert "carol/04_custom_layers" in result.stdout
        if lang == "zh-CN":
            assert english_in(words) == [], page
            assert english_in(result.stdout) == [] and english_in(result.stderr) == [], result.stdout
        else:
            assert english_in(words) and english_in(result.stdout), result.stdout


@pytest.mark.slow
def test_grade_with_lang_zh_prints_summary_and_progress_in_chinese(tmp_path):
    """Does a real `grade --lang zh-CN` run print its progress (stderr) and summary (stdout) without English?"""
    submitted = tmp_path / "submitted"
    (submitted / "alice" / A).mkdir(parents=True)
    (submitted / "alice" / A / f"{A}.py").write_text(HONEST_SCRIPT)
    (submitted / "bob" / A).mkdir(parents=True)
    (submitted / "bob" / A / "copy.py").write_text(HONEST_SCRIPT)  # not the assignment's file: a zero
    (submitted / "carol" / "01_modules").mkdir(parents=True)
    (submitted / ".ipynb_checkpoints").mkdir()
    result = subprocess.run(
        [PYTHON, "-m", "autograder", "grade", "submitted", "--out", "out", "--workers", "1"]
        + ["--timeout", "120", "--public", "--lang", "zh-CN"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    progress = result.stderr.strip().splitlines()
    assert progress and all(re.match(r"\d+/\d+：", line) for line in progress), result.stderr
    assert english_in(result.stderr) == [], result.stderr
    assert english_in(result.stdout) == [], result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == i18n.text(
        "summary_graded",
        "zh-CN",
        submissions=outputs.count(3, "submissions", "zh-CN"),
        students=outputs.count(3, "students", "zh-CN"),
        seconds=re.search(r"(\d+) 秒", lines[0]).group(1),
    )
    for heading in ("summary_failed", "summary_not_submitted"):
        assert any(line.startswith(i18n.text(heading, "zh-CN", count="")) for line in lines), heading
    assert "bob/04_custom_layers" in result.stdout and ".ipynb_checkpoints" in result.stdout
    analysis = (tmp_path / "out" / outputs.NAMES["analysis"]).read_text()
    assert i18n.text("analysis_hardest", "zh-CN") in analysis
