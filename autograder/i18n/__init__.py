"""Message catalogues: every sentence a student reads, one whole template per finding code and language.

`en.toml` and `zh-CN.toml` hold the templates as data, in the same tables:

- `[findings]`: one template per finding code (see `autograder.findings.Finding`);
- `[mistakes]`, `[hints]`, `[passed]`, `[cases]`, `[models]`: what exercises say, keyed `<exercise>.<id>`; a
  hint or a mistake that hands over code says the idea under its key and the code under `<key>.code`, which
  only a report rendered inside `detailed(checks)` reads, for those checks (see `detailed`);
- `[terms]`: words that name a value (a mode, a tensor kind, a dimension), looked up, never glued;
- `[errors]`: a student's exception, from its data (type, message, frames, cause), line by line;
- `[stages]`: what the sandbox was doing when a submission failed (`exercises.spec.stage`);
- `[report]`: the report's own lines (PASS, FAIL, Total);
- `[titles]` (zh-CN only): exercise titles; English uses each exercise's own.

Placeholders are `str.format` fields over the finding's subject and data; a format spec says how a value is
written: `{x:shape}` (2, 3), `{x:shapes}`, `{x:names}` (`a`, `b` and 3 more), `{x:list}` (1, 2, 5), `{x:trace}`,
`{x:g4}`, `{x:finding}` (a nested finding), `{x:mistake}`, `{x:hint}`, `{x:term}`, `{x:dims}`, `{x:case}`,
`{x:model}`, `{kind:tensor}` / `{kind:advice}` (an unsendable tensor's kind, with its `detail`), `{x:index}`,
`{x:error}` (a student's exception), `{x:cell}` (a place in the submission), `{x:stage}`, `{x:module}` (a
submodule, or the model itself), `{x:protections}` (the jail's protections this machine lacks).

Nothing here reads a worded message back: renderers call `render` on findings, at the edge, in the reader's
language.
"""

from __future__ import annotations

import contextlib
import contextvars
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
SAY_ONCE = 300  # characters: a fact this long that several checks of an exercise would repeat is written once

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


def render(
    f: Finding,
    lang: str | None = None,
    mask: bool = False,
    shown: dict | None = None,
    mark=None,
) -> str:
    """The sentence(s) `f` reads as in `lang`. A missing template gives a visible marker, never an exception.

    With `mask`, every value from the submission is written as a placeholder (tests use it to read the
    templates alone); text looked up in the catalogue (a known mistake, a hint, a term) is still rendered.
    `shown` (see `render_all`) and `mark` (a function of a field's name and its text, which the HTML renderer
    uses to highlight `expected` and `found`) pass through to nested findings.
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
    return _Formatter(cat, lang, mask, values, shown, f.check, mark).vformat(template, (), values)


def render_all(findings: list[Finding], lang: str | None = None, shown: dict | None = None, mark=None) -> str:
    """A check's message: the first finding, then each further one on its own lines, indented.

    `shown` is shared by the checks of one exercise: a long fact (SAY_ONCE characters or more, a student's
    error message, say) already written for another check is written as its first line and where the rest is.
    """
    lang = resolve(lang)
    parts = []
    for i, f in enumerate(findings):
        text = render(f, lang, shown=shown, mark=mark)
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


def protections(codes: list[str], lang: str | None = None, why: dict | None = None) -> str:
    """The sandbox's missing protections (codes, see `jailed.jail.PROTECTIONS`), each worded by the catalogue
    (`[terms] protection_<code>`) with, where `why` gives one, the reason it is missing on this machine
    (`[terms] protection_why_<reason>`, in `[format] protection_why`), joined by the clause separator."""
    cat = catalogue(resolve(lang))
    terms, why = cat["terms"], why if isinstance(why, dict) else {}
    found = []
    for c in codes:
        text = terms.get(f"protection_{c}", MISSING.format(key=f"terms.protection_{c}"))
        if isinstance(why.get(c), str):
            reason = terms.get(
                f"protection_why_{why[c]}", MISSING.format(key=f"terms.protection_why_{why[c]}")
            )
            text = cat["format"]["protection_why"].format(protection=text, why=reason)
        found.append(text)
    return cat["format"]["clause_sep"].join(found)


def joined(items, lang: str | None = None) -> str:
    """Items in a sentence, separated as `lang` lists them (`[format] sep`: ", " in English, "、" in Chinese)."""
    return catalogue(resolve(lang))["format"]["sep"].join(str(item) for item in items)


def fmt_shape(shape, lang: str | None = None) -> str:
    """A shape as PyTorch prints it, "(2, 3)" or "(5,)"; no shape (not a tensor) as the language says it."""
    if shape is None:
        return catalogue(resolve(lang))["terms"]["no_shape"]
    if isinstance(shape, str):
        return shape
    return "(" + ", ".join(str(int(d)) for d in shape) + ("," if len(shape) == 1 else "") + ")"


# The checks whose hints and known mistakes are written with their code (`<key>.code`), not the idea alone.
_DETAILED: contextvars.ContextVar[frozenset] = contextvars.ContextVar("detailed", default=frozenset())


@contextlib.contextmanager
def detailed(checks):
    """Renders the hints and known mistakes of the checks named in `checks` with their code where the catalogue
    has it (`<key>.code`), inside the block. Tiered hints: the notebook front end asks for it for the checks a
    student has failed before; a graded report, the CLI and class grading never do, so what they write depends
    on the submission alone."""
    token = _DETAILED.set(frozenset(checks))
    try:
        yield
    finally:
        _DETAILED.reset(token)


class _Formatter(string.Formatter):
    def __init__(
        self, cat: dict, lang: str, mask: bool, values: dict, shown=None, check: str = "", mark=None
    ):
        self.cat, self.lang, self.mask, self.values = cat, lang, mask, values
        self.shown, self.check, self.mark = shown, check, mark

    def get_field(self, field_name, args, kwargs):
        value, key = super().get_field(field_name, args, kwargs)
        self._field = field_name  # the name `format_field` is writing, for `mark`
        return value, key

    def get_value(self, key, args, kwargs):
        if isinstance(key, str) and key not in kwargs:
            return MISSING.format(key=key)  # a finding without a fact its template names: visible, not fatal
        return super().get_value(key, args, kwargs)

    def _lookup(self, table: str, key) -> str:
        if table in ("hints", "mistakes") and self.check in _DETAILED.get():
            found = self.cat[table].get(f"{key}.code")
            if found is not None:
                return found
        found = self.cat.get(table, {}).get(str(key))
        return found if found is not None else MISSING.format(key=f"{table}.{key}")

    def format_field(self, value, spec):
        """A value as `spec` writes it; a value of the wrong kind (what a submission sent, where a shape
        belongs) is written as its clipped repr rather than raising: rendering never fails on data."""
        name = getattr(self, "_field", "")
        try:
            text = self._format_field(value, spec)
        except Exception:  # noqa: BLE001
            text = repr(value)
            text = text if len(text) <= 200 else text[:200] + "..."
        if spec != "finding":
            text = self._once(text)
        return self.mark(name, text) if self.mark and spec != "finding" else text

    def _once(self, text: str) -> str:
        """`text`, or where another check of the exercise already wrote it in full, its first line and where."""
        if self.shown is None or len(text) < SAY_ONCE:
            return text
        first = self.shown.setdefault(text, self.check)
        if first == self.check:
            return text
        line = text.split("\n", 1)[0]
        line = line if len(line) <= 120 else line[:120] + "..."
        return self.cat["report"]["see_rest"].format(first=line, check=first)

    def _format_field(self, value, spec):
        fmt = self.cat["format"]
        if isinstance(value, str) and value.startswith("[[missing"):
            return value
        if spec == "finding" and isinstance(value, str):  # a reason the grader could only say in words
            return value
        if spec == "finding":
            nested = Finding.from_dict(value).with_check(self.check)
            return render(nested, self.lang, self.mask, self.shown, self.mark)
        if spec == "module":  # a submodule's name; the observers name the model itself "(model)"
            if self.mask:
                return MASK
            if value in ("", "(model)"):
                return self.cat["terms"]["the_model"]
            return self.cat["terms"]["module_named"].format(name=value)
        if spec == "protections":  # codes of the jail's protections this machine lacks
            return protections(value, self.lang, self.values.get("why"))
        if spec in ("mistake", "hint", "term"):
            return self._lookup({"mistake": "mistakes", "hint": "hints", "term": "terms"}[spec], value)
        if spec in ("tensor", "advice"):
            detail = MASK if self.mask else self.values.get("detail", "?")
            return self._lookup("terms", f"{spec}_{value}").format(detail=detail)
        if spec == "stage":  # what the sandbox was doing, as data: {"stage": "running", "what": "LeNet()"}
            if self.mask:
                return MASK
            facts = value if isinstance(value, dict) else {"stage": str(value)}
            template = self._lookup("stages", facts.get("stage"))
            return template.format(**{k: v for k, v in facts.items() if k != "stage"})
        # A place in the submission (see `place`), a student's error (see `student_error`): data, worded here.
        if spec in ("cell", "error"):
            if self.mask:
                return MASK
            if isinstance(value, str):  # an older record's words, or the grader's own: written as they are
                return value
            return place(value, self.cat) if spec == "cell" else student_error(value, self.cat, self.lang)
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
        if spec == "list":  # plain values (batch sizes), joined as the language joins a list
            return fmt["sep"].join(str(v) for v in value)
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


# The kinds of place `{x:cell}` words, each by the `[terms]` template of its name: a notebook's cell by its number
# ("cell 4"), a cell run in the student's own kernel by its execution count ("cell [5]"), a script, a script's
# `# %%` cell by the line it starts at, and (in an error's frames only) any other file by its name.
PLACES = ("cell", "kernel_cell", "script", "script_cell", "file")


def place(where: dict, cat: dict) -> str:
    """A place in the submission, from its data (`{"kind": "cell", "number": 4}`), as the catalogue words it."""
    if where["kind"] not in PLACES:
        raise ValueError(f"no such place: {where['kind']!r}")
    return cat["terms"][where["kind"]].format(**where)


def student_error(error: dict, cat: dict, lang: str) -> str:
    """A student's error from its data (see `autograder.jailed.observe.common.error_dict`): the first line by
    its cause (`[errors] headline`, "Type: message", when it has none), then one line per frame, its place
    worded as `{x:cell}` words it (a plain file name as `[terms] file`). Python's and the student's own text (the
    type, the message, a line of code) is written as it is; only the sentences around it are the catalogue's."""
    table = cat["errors"]
    facts = {k: v for k, v in error.items() if k != "frames"}
    first = table[error["cause"] or "headline"]
    lines = [_Formatter(cat, lang, False, facts).vformat(first, (), facts).rstrip()]
    for frame in error["frames"]:
        where = frame["file"] if isinstance(frame["file"], dict) else {"kind": "file", "file": frame["file"]}
        values = {**frame, "where": where}
        template = table["frame" if frame["code"] else "frame_no_code"]
        lines.append(_Formatter(cat, lang, False, values).vformat(template, (), values))
    return "\n".join(lines)
