"""Names that come from `submitted/` (students' folders, notebooks), as the grader writes and shows them.

A folder name is any bytes but `/` and NUL, up to 255 of them: not UTF-8, with newlines, escape sequences or
bidi overrides, as long as the file system allows. Each use gets its own safe form:

- `as_text`: text that any UTF-8 file can hold (an undecodable byte as `\\xe9`);
- `escaped`: that text with controls, escape sequences and bidi overrides shown escaped (ESC as `\\x1b`), for
  CSVs, pages and reasons: it reads the same wherever it is shown, a terminal, a spreadsheet or a browser;
- `terminal_safe`: `escaped`, on one line and bounded, for the terminal;
- `file_names`: bounded, safe, unique file names for the outputs named after students.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

NAME_SHOWN = 80  # characters of a name printed on the terminal; the outputs keep it whole
TEXT_SHOWN = 500  # characters of a reason or note printed on the terminal
# Categories a terminal may act on or that hide or reorder text: controls (C0, DEL, C1: ESC, CSI), format
# characters (bidi overrides, zero-width), lone surrogates, line and paragraph separators.
ESCAPED = {"Cc", "Cf", "Cs", "Zl", "Zp"}
PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._@+-]{0,63}")  # kept as it is: short, no leading dot or dash
HASHED = re.compile(r".*-[0-9a-f]{10}", re.IGNORECASE)  # what a changed name looks like: never kept as it is
READABLE = 40  # characters of a changed name kept before its hash


def _bytes(name: str) -> bytes:
    """The bytes of a name as the file system holds them (undecodable bytes were decoded as surrogates)."""
    try:
        return name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogatepass")


def as_text(name: str) -> str:
    """`name` as valid text: its UTF-8 as it is, any other byte written `\\xNN` ("caf\\xe9")."""
    return _bytes(name).decode("utf-8", "backslashreplace")


def _escaped(char: str) -> str:
    if unicodedata.category(char) not in ESCAPED:
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def escaped(text: str) -> str:
    """`as_text(text)` with every control, escape sequence, bidi override and line break escaped ("\\x1b")."""
    return "".join(_escaped(char) for char in as_text(text))


def terminal_safe(text: str, limit: int | None = NAME_SHOWN) -> str:
    """`text` as one line that prints as it reads (`escaped`), at most `limit` characters (the rest as "…";
    None: no limit)."""
    pieces, length = [], 0
    for char in as_text(text):
        pieces.append(_escaped(char))
        length += len(pieces[-1])
        if limit is not None and length > limit:
            break  # enough to know it is cut: a 4 MB reason is not escaped whole
    shown = "".join(pieces)
    return shown if limit is None or len(shown) <= limit else shown[: limit - 1] + "…"


def terminal_lines(text: str) -> str:
    """Text of several lines (a message, the summary), each line terminal-safe; the line breaks are kept."""
    return "\n".join(terminal_safe(line, None) for line in text.split("\n"))


def file_name(name: str) -> str:
    """A file name for what is named after `name`: the name itself when it is plain, else a readable part and
    a hash of its bytes ("bad_name-3f2a9c01be"): at most 64 characters of `[A-Za-z0-9._@+-]`, never hidden."""
    if PLAIN.fullmatch(name) and not HASHED.fullmatch(name):
        return name
    return _hashed(name)


def _hashed(name: str) -> str:
    readable = re.sub(r"[^A-Za-z0-9._@+-]+", "_", as_text(name)).strip("._-")[:READABLE] or "student"
    return f"{readable}-{hashlib.sha256(_bytes(name)).hexdigest()[:10]}"


def file_names(names) -> dict[str, str]:
    """`file_name` of each name, unique even where case does not count (`Alice`, `alice`): those get a hash."""
    chosen = {name: file_name(name) for name in names}
    seen: dict[str, int] = {}
    for stem in chosen.values():
        seen[stem.casefold()] = seen.get(stem.casefold(), 0) + 1
    return {
        name: _hashed(name) if seen[stem.casefold()] > 1 and stem == name else stem
        for name, stem in chosen.items()
    }
