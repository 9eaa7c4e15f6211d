"""Does the Chinese catalogue follow its own typography rules, on every template and on what they render?

The rules are numbered at the top of autograder/i18n/zh-CN.toml; each test here holds one of them, on every
template of every table. Values change what a student reads (an empty list, a term, a nested finding), so the
spacing, punctuation and ordinal rules are also checked on each template rendered with sample values.
"""

from __future__ import annotations

import csv
import itertools
import re
import string

import pytest
from conftest import ROOT

from autograder import i18n
from autograder.findings import Finding

ZH_FILE = ROOT / "autograder" / "i18n" / "zh-CN.toml"
HAN = "[\u3400-\u4dbf\u4e00-\u9fff]"
FULL_WIDTH = "，。：；？！（）、“”…"
HALF_WIDTH = ",:;()?!"
CODE_SPAN = re.compile(r"`[^`\n]*`")
PLACEHOLDER = re.compile(r"\{([^{}:!]*)(?:![rsa])?(?::([^{}]*))?\}")

# Format specs whose value is Chinese text (a term, a case, a nested finding, a known mistake...): rule 4 writes
# them against the Chinese around them. Every other placeholder is a name, a number, a shape or code (rule 3).
CHINESE_SPECS = {
    "term",
    "case",
    "model",
    "stage",
    "tensor",
    "advice",
    "finding",
    "mistake",
    "hint",
    "dims",
    "cell",
    "module",
}
# Placeholders whose value is a 0-based position (rule 5): everywhere, and per template where `expected` or
# `found` is a position (MySequential's indexing findings).
INDEX_FIELDS = {"index", "position"}
INDEX_FIELDS_OF = {
    "index_raised": {"expected"},
    "index_wrong_module": {"expected", "found"},
    "index_not_module": {"expected"},
    "index_should_raise": {"found"},
}
# One term per concept (rule 7): the rejected variant -> the term the catalogue uses instead.
REJECTED = {
    "下标": "索引",
    "步长": "步幅",
    "登记": "注册",
    "前向计算": "前向传播",
    "笔记本": "notebook",
    "缺失": "缺少",
    "拷贝": "复制",
}


def templates() -> list[tuple[str, str, str]]:
    """(table, key, template) for every template of the zh-CN catalogue, all tables."""
    zh = i18n.catalogue("zh-CN")
    return [(t, k, v) for t, table in zh.items() for k, v in table.items() if isinstance(v, str)]


def _edges(text: str, start: int, end: int) -> tuple[str, str, str, str]:
    """The two characters before `text[start:end]` and the two after (nearest first), "" past either end."""
    return (
        text[start - 1 : start][:1],
        text[max(start - 2, 0) : start - 1],
        text[end : end + 1],
        text[end + 1 : end + 2],
    )


def half_width_next_to_han(text: str) -> list[str]:
    """Half-width , : ; ( ) ? ! touching a Chinese character, outside `code` spans and {placeholders} (rule 1)."""
    bare = PLACEHOLDER.sub("X", CODE_SPAN.sub("X", text))
    return re.findall(rf"{HAN}[{HALF_WIDTH}]|[{HALF_WIDTH}]{HAN}", bare)


def spacing_problems(text: str) -> list[str]:
    """Where `text` breaks rules 3 and 4: a placeholder, a `code` span, a Latin word or a number glued to a Chinese
    character; a Chinese-valued placeholder spaced from one; a space beside full-width punctuation."""
    found = []
    for match in itertools.chain(PLACEHOLDER.finditer(text), CODE_SPAN.finditer(text)):
        chinese = match.group().startswith("{") and (match.group(2) or "") in CHINESE_SPECS
        before, before2, after, after2 = _edges(text, match.start(), match.end())
        for near, far, side in ((before, before2, "before"), (after, after2, "after")):
            if not chinese and re.fullmatch(HAN, near or "-"):
                found.append(f"glued {side} {match.group()}")
            if chinese and near == " " and re.fullmatch(HAN, far or "-"):
                found.append(f"spaced {side} {match.group()}")
    bare = PLACEHOLDER.sub(" ", CODE_SPAN.sub(" ", text))
    found += [f"glued {m}" for m in re.findall(rf"{HAN}[A-Za-z0-9]|[A-Za-z0-9]{HAN}", bare)]
    marked = PLACEHOLDER.sub("X", CODE_SPAN.sub("X", text))
    found += [
        f"space beside {m!r}" for m in re.findall(rf"(?<=\S) +[{FULL_WIDTH}]|[{FULL_WIDTH}] +(?=\S)", marked)
    ]
    return found


def ordinal_of_zero(text: str) -> bool:
    """Whether `text` calls a 0-based position an ordinal ("第 0 层"), as rendered or as a template says it."""
    return bool(re.search(r"第\s*0(?!\d)|第\s*\{(?:index|position)\b|第\s*[a-z]\s*个", text))


def nested_brackets(text: str) -> bool:
    """Whether a full-width bracket opens inside another one ("（评估（eval）模式）"): say a thing once."""
    depth = 0
    for char in text:
        depth += {"（": 1, "）": -1}.get(char, 0)
        if depth > 1:
            return True
    return False


def test_the_detectors_can_fail():
    """Would each detector catch the mistake it is for (so that the tests below can fail)?"""
    assert half_width_next_to_han("缺少ReLU,请加上") and half_width_next_to_han("模型(训练模式)")
    assert not half_width_next_to_han("请使用 `f(x, y)` 或 {a:shape}，即 nn.Linear(84, 10)。")
    assert spacing_problems("期望{expected:shape}，实际为 {found:shape}")
    assert spacing_problems("请调用`model.eval()`。")
    assert spacing_problems("在 {mode:term} 模式下")
    assert spacing_problems("缺少 {missing:names} ，多出")
    assert spacing_problems("conv1之后")
    assert not spacing_problems("在{mode:term}模式下，`{name}` 与 3x3 卷积：{x:shape}。")
    assert (
        ordinal_of_zero("第 0 层") and ordinal_of_zero("第 {index} 个元素") and ordinal_of_zero("第 i 个模块")
    )
    assert not ordinal_of_zero("第 10 次调用，索引为 0 的层")
    assert nested_brackets("第 3 次调用（评估（eval）模式）") and not nested_brackets("（甲）和（乙）")


def test_the_rules_are_written_at_the_top():
    """Does zh-CN.toml open with its numbered typography rules, before the first table?"""
    head = ZH_FILE.read_text(encoding="utf-8").split("\n[", 1)[0]
    numbered = re.findall(r"^# +(\d+)\. ", head, re.M)
    assert numbered and numbered == [str(n) for n in range(1, len(numbered) + 1)], head


def test_no_corner_quotes():
    """Is every zh-CN template free of 「」 (quotes are “” or, for code, backticks)?"""
    assert [(t, k) for t, k, v in templates() if "「" in v or "」" in v] == []


def test_full_width_punctuation_next_to_chinese():
    """Does every zh-CN template use full-width punctuation next to Chinese (half-width only in code and values)?"""
    wrong = [(t, k, half_width_next_to_han(v)) for t, k, v in templates() if half_width_next_to_han(v)]
    assert wrong == []


def test_spacing_around_placeholders_and_code():
    """Is every placeholder, `code` span, Latin word and number set off from Chinese by one space (Chinese-valued
    placeholders written against it), with no space beside full-width punctuation?"""
    wrong = [(t, k, spacing_problems(v)) for t, k, v in templates() if spacing_problems(v)]
    assert wrong == []


# Every kind of place in a submission `{x:cell}` words (see autograder/submission.py and the notebook front end).
PLACES = [
    {"kind": "cell", "number": 4},
    {"kind": "kernel_cell", "number": 5},
    {"kind": "script", "file": "a.py"},
    {"kind": "script_cell", "file": "a.py", "line": 5},
]


def _error(key: str) -> dict:
    """A student's error (see autograder/jailed/observe/common.py `error_dict`) worded by `[errors] key`: by its
    cause, or, for a frame's template, with a frame in every kind of place (and in a plain file)."""
    facts = {"not_defined": {"name": "LeNet"}, "not_module": {"name": "LeNet", "found": "dict"}}
    facts["too_large"] = {"megabytes": 256}
    code = "" if key == "frame_no_code" else "y = x"
    frames = [
        {"function": "forward", "file": where, "line": 11, "code": code} for where in [*PLACES, "helpers.py"]
    ]
    cause = None if key in ("headline", "frame", "frame_no_code") else key
    return {"type": "ValueError", "message": "abc", "frames": frames, "cause": cause, **facts.get(key, {})}


def _samples(table: str, key: str, template: str) -> list[dict]:
    """Every combination of sample values for the placeholders of `template` (0 for a 0-based position)."""
    zh = i18n.catalogue("zh-CN")
    nested = [
        {"code": "shape_differs", "data": {"expected": [2, 3], "found": [3, 2]}},
        {
            "code": "output_value_differs",
            "subject": {"key": "logits"},
            "data": {"problem": {"code": "values_differ_exact"}},
        },
    ]
    by_spec = {
        "case": list(zh["cases"]),
        "model": list(zh["models"]),
        "mistake": list(zh["mistakes"]),
        "hint": list(zh["hints"]),
        "tensor": [k.removeprefix("tensor_") for k in zh["terms"] if k.startswith("tensor_")],
        "stage": [{"stage": k, "what": "LeNet()"} for k in zh["stages"]],
        "finding": nested,
        "dims": [[["out_channels", 16, 6], ["kernel_height", 5, 3]]],
        "cell": PLACES,
        "error": [_error("headline"), _error("stub"), _error("exit")],
        "list": [[1, 2, 5]],
        "shape": [[2, 3]],
        "shapes": [[[2, 3], [4]]],
        "names": [["a", "b"], []],
        "trace": [[["conv1", [1, 6, 28, 28]], ["relu()", [1, 6, 28, 28]]]],
        "g4": [0.25],
        "index": [[0, 1]],
        "protections": [[k.removeprefix("protection_") for k in zh["terms"] if k.startswith("protection_")]],
    }
    by_name = {"mode": ["eval", "train"], "pool": ["max_pool", "avg_pool"]}
    indices = INDEX_FIELDS | (INDEX_FIELDS_OF.get(key, set()) if table == "findings" else set())
    options: dict[str, list] = {}
    for _, field, spec, _ in string.Formatter().parse(template):
        if field is None:
            continue
        root = re.split(r"[.\[]", field)[0]
        if root in indices:
            choice = [0]
        elif "[" in field:
            choice = [[2, 2]]
        elif spec == "term":
            choice = by_name.get(root, list(zh["terms"]))
        elif spec in ("tensor", "advice"):
            choice = by_spec["tensor"]
        else:
            choice = by_spec.get(spec, ["abc"])
        if root not in options or len(choice) > len(options[root]):
            options[root] = choice
    return [dict(zip(options, combo, strict=True)) for combo in itertools.product(*options.values())]


def rendered() -> list[tuple[str, str, str]]:
    """(table, key, text) for every zh-CN template rendered with every combination of its sample values."""
    out = []
    for table, key, template in templates():
        for values in _samples(table, key, template):
            if table == "findings":
                text = i18n.render(Finding(key, {}, values), "zh-CN")
            elif table == "passed":
                text = i18n.render(Finding("passed", {"check": key}), "zh-CN")
            elif table == "report":
                text = i18n.text(key, "zh-CN", **values)
            elif table == "errors":
                text = i18n.render(Finding("function_error", {}, {"error": _error(key)}), "zh-CN")
            else:
                text = template.format(**values)
            out.append((table, key, text))
    return out


def test_rendered_messages_keep_the_rules():
    """Whatever values fill them (an empty list, each term, case and known mistake), do the rendered zh-CN
    messages keep full-width punctuation and the spacing rule, with no bracket inside another?"""
    wrong = []
    for table, key, text in rendered():
        assert "[[missing" not in text, (table, key, text)
        problems = half_width_next_to_han(text) + [
            p for p in spacing_problems(text) if not p.startswith("spaced")
        ]
        problems += ["nested brackets"] if nested_brackets(text) else []
        if problems:
            wrong.append((table, key, problems, text))
    assert wrong == []


def test_no_ordinal_for_a_zero_based_position():
    """Rendered with a 0-based position of 0, does any zh-CN message say "第 0" (an ordinal that is off by one)?"""
    assert [
        (t, k) for t, k, v in templates() if ordinal_of_zero(re.sub(r"第 \{(step|line|number)\}", "", v))
    ] == []
    assert [(t, k, text) for t, k, text in rendered() if ordinal_of_zero(text)] == []


def test_one_term_per_concept():
    """Does zh-CN.toml use one term per glossary concept (索引, 步幅, 注册, 前向传播, notebook, 单元格, 缺少, 复制)?"""
    text = ZH_FILE.read_text(encoding="utf-8")
    assert [(bad, good) for bad, good in REJECTED.items() if bad in text] == []
    prose = [PLACEHOLDER.sub(" ", CODE_SPAN.sub(" ", v)) for _, _, v in templates()]
    assert [p for p in prose if re.search(r"\bcells?\b", p, re.IGNORECASE)] == []  # a cell is a 单元格


def test_every_chosen_term_is_in_the_glossary():
    """Does course/glossary.csv name each term chosen above (the catalogue's one source for terminology)?"""
    with open(ROOT / "course" / "glossary.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    chinese = {row["chinese"] for row in rows}
    notes = " ".join(row["note"] or "" for row in rows)
    assert [t for t in REJECTED.values() if t not in chinese and t not in notes] == []
    assert [bad for bad in REJECTED if bad in chinese] == []


@pytest.mark.parametrize("lang, colon", [("en", ": "), ("zh-CN", "：")])
def test_the_check_line_fits_the_language(lang, colon):
    """Does a report's check line put the language's own colon after the check's name (通过/未通过 in Chinese)?"""
    line = i18n.text("check_line", lang, mark=i18n.text("fail", lang), name="forward", message="…")
    assert line.strip().startswith(i18n.text("fail", lang) + " forward" + colon), line
