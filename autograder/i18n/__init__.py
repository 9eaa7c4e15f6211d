"""Message catalogues: every sentence a student reads, one whole template per finding code and language.

`en.toml` and `zh-CN.toml` hold the templates as data, in the same tables:

- `[findings]`: one template per finding code (see `autograder.findings.Finding`);
- `[mistakes]`, `[hints]`, `[passed]`, `[cases]`, `[models]`: what exercises say, keyed `<exercise>.<id>`;
- `[terms]`: words that name a value (a mode, a tensor kind, a dimension), looked up, never glued;
- `[report]`: the report's own lines (PASS, FAIL, Total);
- `[titles]` (zh-CN only): exercise titles; English uses each exercise's own.

Placeholders are `str.format` fields over the finding's subject and data; a format spec says how a value is
written: `{x:shape}` (2, 3), `{x:shapes}`, `{x:names}` (`a`, `b` and 3 more), `{x:trace}`, `{x:g4}`,
`{x:finding}` (a nested finding), `{x:mistake}`, `{x:hint}`, `{x:term}`, `{x:dims}`, `{x:case}`,
`{x:model}`, `{kind:tensor}` / `{kind:advice}` (an unsendable tensor's kind, with its `detail`), `{x:index}`.
"""

from __future__ import annotations

import os
import string
import tomllib
from functools import cache
from pathlib import Path

from autograder.findings import Finding

LANGUAGES = ("en", "zh-CN")
DEFAULT = "en"
MISSING = "[[missing template: {key}]]"
MASK = "<…>"

_chosen: str | None = None


def normalize(lang: str | None) -> str | None:
    """ "zh", "zh_CN.UTF-8", "zh-cn" -> "zh-CN"; "en_US" -> "en"; anything else -> None."""
    if not lang:
        return None
    tag = lang.split(".")[0].replace("_", "-").lower()
    if tag.startswith("zh"):
        return "zh-CN"
    if tag.startswith("en") or tag in ("c", "posix"):
        return "en"
    return None


def set_language(lang: str | None) -> str:
    """Chooses the language for everything rendered from now on in this process (None: back to the default)."""
    global _chosen
    if lang is not None and normalize(lang) is None:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    _chosen = normalize(lang)
    return resolve()


def resolve(lang: str | None = None) -> str:
    """The language to use: `lang`, else set_language's, else $AUTOGRADER_LANG, else the locale, else English.

    The locale is read as POSIX does: LC_ALL, then LC_MESSAGES, then LANG; one starting with zh means zh-CN.
    """
    if lang is not None:
        found = normalize(lang)
        if found is None:
            raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
        return found
    if _chosen:
        return _chosen
    chosen = normalize(os.environ.get("AUTOGRADER_LANG"))
    if chosen:
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh-CN" if value.lower().startswith("zh") else DEFAULT
    return DEFAULT


@cache
def catalogue(lang: str) -> dict:
    """The catalogue of `lang` ("en" or "zh-CN"), as tables of templates."""
    with open(Path(__file__).with_name(f"{lang}.toml"), "rb") as f:
        return tomllib.load(f)


def render(f: Finding, lang: str | None = None, mask: bool = False) -> str:
    """The sentence(s) `f` reads as in `lang`. A missing template gives a visible marker, never an exception.

    With `mask`, every value from the submission is written as a placeholder (tests use it to read the
    templates alone); text looked up in the catalogue (a known mistake, a hint, a term) is still rendered.
    """
    lang = resolve(lang)
    cat = catalogue(lang)
    if f.code == "passed":
        template = cat.get("passed", {}).get(f.subject.get("check", ""))
    else:
        template = cat["findings"].get(f.code)
    if template is None:
        return MISSING.format(key=f.code if f.code != "passed" else f.subject.get("check"))
    values = {**f.data, **f.subject}
    return _Formatter(cat, lang, mask, values).vformat(template, (), values)


def render_all(findings: list[Finding], lang: str | None = None) -> str:
    """A check's message: the first finding, then each further one on its own lines, indented."""
    lang = resolve(lang)
    parts = []
    for i, f in enumerate(findings):
        text = render(f, lang)
        if i:
            text = "\n".join("  " + line if line else line for line in text.split("\n"))
        parts.append(text)
    return "\n".join(parts)


def title(exercise_id: str, default: str, lang: str | None = None) -> str:
    """An exercise's title in `lang`: the catalogue's `[titles]`, else `default` (the exercise's own)."""
    return catalogue(resolve(lang)).get("titles", {}).get(exercise_id, default)


def text(key: str, lang: str | None = None, **values) -> str:
    """One of the report's own lines (the `[report]` table), e.g. text("total", score="3", max_score="4")."""
    cat = catalogue(resolve(lang))
    template = cat["report"].get(key)
    if template is None:
        return MISSING.format(key=f"report.{key}")
    return template.format(**values)


def protections(codes: list[str], lang: str | None = None) -> str:
    """The sandbox's missing protections (codes, see `jailed.jail.PROTECTIONS`), each worded by the catalogue
    (`[terms] protection_<code>`), joined by the language's clause separator."""
    cat = catalogue(resolve(lang))
    found = [cat["terms"].get(f"protection_{c}", MISSING.format(key=f"terms.protection_{c}")) for c in codes]
    return cat["format"]["clause_sep"].join(found)


def fmt_shape(shape, lang: str | None = None) -> str:
    """A shape as PyTorch prints it, "(2, 3)" or "(5,)"; no shape (not a tensor) as the language says it."""
    if shape is None:
        return catalogue(resolve(lang))["terms"]["no_shape"]
    if isinstance(shape, str):
        return shape
    return "(" + ", ".join(str(int(d)) for d in shape) + ("," if len(shape) == 1 else "") + ")"


class _Formatter(string.Formatter):
    def __init__(self, cat: dict, lang: str, mask: bool, values: dict):
        self.cat, self.lang, self.mask, self.values = cat, lang, mask, values

    def get_value(self, key, args, kwargs):
        if isinstance(key, str) and key not in kwargs:
            return MISSING.format(key=key)  # a finding without a fact its template names: visible, not fatal
        return super().get_value(key, args, kwargs)

    def _lookup(self, table: str, key) -> str:
        found = self.cat.get(table, {}).get(str(key))
        return found if found is not None else MISSING.format(key=f"{table}.{key}")

    def format_field(self, value, spec):
        """A value as `spec` writes it; a value of the wrong kind (what a submission sent, where a shape
        belongs) is written as its clipped repr rather than raising: rendering never fails on data."""
        try:
            return self._format_field(value, spec)
        except Exception:  # noqa: BLE001
            text = repr(value)
            return text if len(text) <= 200 else text[:200] + "..."

    def _format_field(self, value, spec):
        fmt = self.cat["format"]
        if isinstance(value, str) and value.startswith("[[missing"):
            return value
        if spec == "finding":
            return render(Finding.from_dict(value), self.lang, self.mask)
        if spec in ("mistake", "hint", "term"):
            return self._lookup({"mistake": "mistakes", "hint": "hints", "term": "terms"}[spec], value)
        if spec in ("tensor", "advice"):
            detail = MASK if self.mask else self.values.get("detail", "?")
            return self._lookup("terms", f"{spec}_{value}").format(detail=detail)
        if spec == "stage":  # what the sandbox was doing: "running LeNet()", "starting your code"
            if self.mask:
                return MASK
            if str(value).startswith("running ") and value != "running your code":
                return self.cat["terms"]["running"].format(what=value[len("running ") :])
            return self.cat["terms"].get(str(value), value)
        if spec == "cell":  # a notebook's "cell 4"; a script's cells keep their file name
            number = str(value)[len("cell ") :]
            if self.mask:
                return MASK
            return self.cat["terms"]["cell"].format(number=number) if number.isdigit() else value
        if spec == "case":
            return self._lookup("cases", value)
        if spec == "model":
            return self._lookup("models", value)
        if spec == "dims":
            return fmt["dim_sep"].join(
                fmt["dim_wrong"].format(dim=self._lookup("terms", d), expected=e, found=f)
                for d, e, f in value
            )
        if self.mask:
            return MASK
        if spec == "shape":
            return fmt_shape(value, self.lang)
        if spec == "shapes":
            return fmt["sep"].join(fmt_shape(s, self.lang) for s in value)
        if spec == "names":
            names = [f"`{n}`" for n in value]
            if not names:
                return fmt["none"]
            shown = fmt["sep"].join(names[:8])
            return fmt["more"].format(shown=shown, more=len(names) - 8) if len(names) > 8 else shown
        if spec == "trace":
            steps = [f"{name} {fmt_shape(shape, self.lang)}" for name, shape in value]
            if len(steps) > 12:
                steps = steps[:6] + ["..."] + steps[-5:]
            return " -> ".join(steps)
        if spec == "g4":
            return value if isinstance(value, str) else f"{value:.4g}"
        if spec == "index":
            return "(" + ", ".join(map(str, value)) + ("," if len(value) == 1 else "") + ")"
        return super().format_field(value, spec)
