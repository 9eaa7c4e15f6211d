"""Is everything in `submitted/` treated as hostile input by `autograder grade`, and read with least privilege?

The attacks a class grader met: a notebook that is a link to another student's, to a reference solution or to
the instructor's secret; a FIFO, a socket, a device or a folder where the notebook should be; a 3 GB sparse
notebook; folder names of 252 bytes, of bytes that are not UTF-8, with newlines, escape sequences and bidi
overrides. Each costs its own submission at most, with a reason, never another student's grade, an output
file of the class, or the instructor's terminal. Fast tests read the tree with `discover`; one real run of a
hostile class (`hostile_class`) checks the rest end to end.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import threading

import pytest
from conftest import PYTHON, ROOT
from test_classgrade_faults import FULL, HONEST_SCRIPT, A, command, put, solution, totals

from autograder import i18n
from autograder.classgrade import gradebook, names, safe_read, summary
from autograder.classgrade.discover import FAILED, GRADED, discover
from autograder.classgrade.outputs import NAMES, write_all
from autograder.classgrade.run import record_without_grading
from autograder.exercises import ASSIGNMENTS
from autograder.submission import MAX_BYTES, SubmissionError, load

NOTEBOOK, SCRIPT = f"{A}.ipynb", f"{A}.py"
SECRET = "instructor-secret-7f3a9c2e51"
ESCAPES = "\x1b[31mred\x1b]0;pwned\x07\u202eevil"  # colour, window title, bell, right-to-left override
WIPE = "\x1b[2Jwipe\x9b1m"  # clear the screen; a C1 CSI
LONG = "k" * 252  # a folder name the file system allows; `<name>.html` is 257 bytes: it does not
NOT_UTF8 = os.fsdecode(b"caf\xe9")  # Latin-1 bytes: not UTF-8
NEWLINE = "new\nline"
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # what a terminal acts on


def _link(submitted, student: str, target, name: str = SCRIPT) -> None:
    folder = submitted / student / A
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).symlink_to(target)


def _folder(submitted, student: str):
    folder = submitted / student / A
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _item(klass, student: str):
    return next(i for i in klass.items if i.student == student and i.assignment == A)


def _refused(klass, student: str) -> str:
    """The reason `student`'s submission is a zero without being read (it must be one)."""
    item = _item(klass, student)
    record = record_without_grading(item)
    assert item.path is None and item.submitted, item
    assert record["status"] == FAILED and student + "/" + A not in klass.contents
    return record["reason"]


def _socket_at(path) -> socket.socket:
    """A Unix socket bound at `path` (bound from its folder: socket paths are limited to 108 bytes)."""
    server = socket.socket(socket.AF_UNIX)
    with contextlib.chdir(path.parent):
        server.bind(path.name)
    return server


def _device_at(path) -> bool:
    """A character device (as /dev/null) at `path`, where this machine lets the test make one."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except OSError:
        return False
    return True


def _finishes(call, seconds: float = 20.0):
    """The result of `call()`, which must finish within `seconds` (a FIFO opened for reading never does)."""
    outcome = {}

    def run():
        try:
            outcome["value"] = call()
        except Exception as exc:  # noqa: BLE001 (the test inspects it)
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still blocked after {seconds} s"
    return outcome


# -- links: never followed at or below a student's folder


def test_links_anywhere_in_a_students_folder_are_refused_never_followed(tmp_path):
    """Is a notebook linked to another student's, to a reference solution, to a solution notebook or to the
    output folder's secret, an assignment folder that is a link, and a student folder that is a link, each a
    zero (or a skip) with the link named, while the student linked to is graded on her own file?"""
    submitted, out = tmp_path / "submitted", tmp_path / "out"
    out.mkdir()
    (out / "secret.txt").write_text(SECRET)
    put(submitted, "alice", HONEST_SCRIPT)
    _link(submitted, "bob", f"../../alice/{A}/{SCRIPT}")
    _link(submitted, "carol", ROOT / "autograder" / "answers" / "custom_layers.py")
    _link(submitted, "dave", solution(), NOTEBOOK)
    _link(submitted, "erin", "../../../out/secret.txt")
    (submitted / "frank").mkdir()
    (submitted / "frank" / A).symlink_to(f"../alice/{A}")
    (submitted / "judy").symlink_to("alice")

    klass = discover(submitted, ASSIGNMENTS, "en")

    assert _item(klass, "alice").path == submitted / "alice" / A / SCRIPT
    assert klass.contents[f"alice/{A}"] == HONEST_SCRIPT.encode()
    for student, name in (("bob", SCRIPT), ("carol", SCRIPT), ("dave", NOTEBOOK), ("erin", SCRIPT)):
        assert _refused(klass, student) == i18n.text("refused_link", "en", name=name), student
    assert _refused(klass, "frank") == i18n.text("folder_link", "en", folder=f"frank/{A}")
    assert "judy" not in klass.students
    assert {"path": "judy", "reason": i18n.text("skipped_link", "en")} in klass.skipped


def test_a_link_swapped_in_after_discovery_is_not_followed_when_grading(tmp_path):
    """When the notebook (or its folder) becomes a link between discovery and grading, is it refused, not
    read through the link?"""
    submitted = tmp_path / "submitted"
    put(submitted, "alice", HONEST_SCRIPT)
    put(submitted, "bob", "print('mine')")
    (submitted / "bob" / A / SCRIPT).unlink()
    (submitted / "bob" / A / SCRIPT).symlink_to(f"../../alice/{A}/{SCRIPT}")
    with pytest.raises(SubmissionError) as raised:
        safe_read.read_submission(submitted, ("bob", A, SCRIPT))
    assert (raised.value.key, raised.value.values) == ("refused_link", {"name": SCRIPT})
    shutil.rmtree(submitted / "bob")
    (submitted / "bob").symlink_to("alice")
    with pytest.raises(SubmissionError) as raised:
        safe_read.read_submission(submitted, ("bob", A, SCRIPT))
    assert (raised.value.key, raised.value.values) == ("refused_link", {"name": "bob"})


# -- only regular files are read


def test_what_is_not_a_regular_file_where_the_notebook_should_be_is_refused_unopened(tmp_path):
    """Is a FIFO, a socket, a device or a folder named as the notebook a zero whose reason names what it is,
    without the grader opening it (a FIFO would block it)?"""
    submitted = tmp_path / "submitted"
    put(submitted, "alice", HONEST_SCRIPT)
    os.mkfifo(_folder(submitted, "grace") / SCRIPT)
    (_folder(submitted, "heidi") / NOTEBOOK).mkdir()
    server = _socket_at(_folder(submitted, "mallory") / SCRIPT)
    expected = {"grace": ("refused_fifo", SCRIPT), "heidi": ("refused_folder", NOTEBOOK)}
    expected["mallory"] = ("refused_socket", SCRIPT)
    if _device_at(_folder(submitted, "oscar") / SCRIPT):
        expected["oscar"] = ("refused_device", SCRIPT)
    try:
        outcome = _finishes(lambda: discover(submitted, ASSIGNMENTS, "en"))
    finally:
        server.close()
    assert "value" in outcome, outcome
    klass = outcome["value"]
    for student, (key, name) in expected.items():
        assert _refused(klass, student) == i18n.text(key, "en", name=name), student
    assert _item(klass, "alice").path is not None


def test_check_never_waits_on_a_fifo(tmp_path):
    """Does `load` (what `autograder check` reads with) refuse a FIFO at once instead of waiting for a
    writer?"""
    fifo = tmp_path / SCRIPT
    os.mkfifo(fifo)
    try:
        outcome = _finishes(lambda: load(str(fifo)))
    finally:
        with contextlib.suppress(OSError):  # frees a reader still blocked (today's code), if any
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert isinstance(outcome.get("error"), SubmissionError), outcome
    assert outcome["error"].key == "not_a_regular_file"


# -- sizes are checked before reading


def test_a_file_over_the_limit_is_refused_from_its_size_alone(tmp_path):
    """Is a sparse 3 GB script refused from fstat's size, with the size and the limit in its reason, and not
    kept for grading, while a file under the limit is read and kept?"""
    submitted = tmp_path / "submitted"
    put(submitted, "alice", HONEST_SCRIPT)
    put(submitted, "ivan", "")
    os.truncate(submitted / "ivan" / A / SCRIPT, 3 << 30)  # sparse: no disk space used
    klass = discover(submitted, ASSIGNMENTS, "en")
    limit = str(MAX_BYTES // (1 << 20))
    assert _refused(klass, "ivan") == i18n.text("file_too_large", "en", size="3072", limit=limit)
    assert f"alice/{A}" in klass.contents


def test_a_notebook_nested_too_deeply_is_the_students_zero_not_a_grader_fault(tmp_path):
    """Is a notebook of `[[[[...]]]]` (which makes `json.loads` recurse out of stack) a reason for the student,
    not an exception that would leave the grader failing on it at every run?"""
    path = tmp_path / NOTEBOOK
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(SubmissionError) as raised:
        load(str(path))
    assert raised.value.key == "notebook_too_deep"
    submitted = tmp_path / "submitted"
    put(submitted, "alice", path, name=NOTEBOOK)
    assert _item(discover(submitted, ASSIGNMENTS, "en"), "alice").notes == ()


def test_the_bytes_fingerprinted_are_the_bytes_graded(tmp_path, monkeypatch):
    """Is a notebook graded on the very bytes discovery read and fingerprinted, though the file changes
    after; and one beyond what discovery keeps, on bytes read again whose fingerprint its record carries?"""
    import autograder.grading
    from autograder.classgrade import discover as discovery
    from autograder.classgrade.discover import fingerprint_of
    from autograder.classgrade.run import Options, grade_item
    from autograder.report import Report

    graded = []

    def grade_file(path, *args, **kwargs):  # what the grader would grade: what `load` gives it
        graded.append(load(path).cells[0]["source"])
        return Report(path, [], [])

    monkeypatch.setattr(autograder.grading, "grade_file", grade_file)
    monkeypatch.setattr(discovery, "KEPT_BYTES", len(b"x = 1\n"))  # room for alice's bytes only
    submitted = tmp_path / "submitted"
    put(submitted, "alice", "x = 1\n")
    put(submitted, "bob", "y = 1\n")
    klass = discover(submitted, ASSIGNMENTS, "en")
    for student in ("alice", "bob"):
        (submitted / student / A / SCRIPT).write_text("changed = 2\n")
    alice, bob = _item(klass, "alice"), _item(klass, "bob")
    assert list(klass.contents) == [alice.key]
    first = grade_item(alice, Options(), 0, None, content=klass.contents.pop(alice.key))
    second = grade_item(bob, Options(), 0, None, content=klass.contents.pop(bob.key, None))
    assert graded == ["x = 1\n", "changed = 2\n"]
    assert first["fingerprint"] == alice.fingerprint == fingerprint_of(b"x = 1\n")
    assert second["fingerprint"] == fingerprint_of(b"changed = 2\n") != bob.fingerprint


def test_given_bytes_are_graded_and_the_path_never_opened(tmp_path):
    """Within `given`, does `load` parse the bytes the class grader read, without opening the path (so that
    what was fingerprinted is what is graded)?"""
    from autograder.submission import given

    path = str(tmp_path / "gone" / SCRIPT)  # no such file: opening it would fail
    with given(path, b"x = 1\n"):
        assert load(path).cells == [{"cell": {"kind": "script", "file": SCRIPT}, "source": "x = 1\n"}]
    with pytest.raises(SubmissionError):
        load(path)


# -- names: file-safe, terminal-safe, unique


HOSTILE_NAMES = [LONG, NOT_UTF8, NEWLINE, ESCAPES, WIPE, "..x", ".hidden", "-rf", "x-0123456789", "alice"]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=repr)
def test_a_folder_name_becomes_a_bounded_safe_file_name(name):
    """Is every name, whatever its bytes, a file name of at most 64 safe characters, not hidden, the name
    itself when it is plain already?"""
    stem = names.file_name(name)
    assert re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9._@+-]{0,63}", stem), stem
    assert (stem == name) == (name == "alice")


def test_file_names_are_unique_even_where_case_does_not_count():
    """Do distinct names, including `Alice`/`alice` and a name made to look like another's hashed form, get
    distinct file names, also compared without case?"""
    crafted = names.file_name(ESCAPES)  # a student who names his folder as another's page is named
    class_names = ["Alice", "alice", "bob", ESCAPES, crafted, LONG, LONG[:-1], NOT_UTF8, "caf_xe9"]
    stems = names.file_names(class_names)
    assert len({s.casefold() for s in stems.values()}) == len(class_names), stems
    assert stems["bob"] == "bob"


@pytest.mark.parametrize(
    "text", [ESCAPES, WIPE, NEWLINE, NOT_UTF8, "tab\there", "\u2066isolate\u2069"], ids=repr
)
def test_terminal_safe_text_has_nothing_a_terminal_acts_on(text):
    """Is each control (C0, DEL, C1), escape sequence and bidi control escaped, visibly, on one line?"""
    shown = names.terminal_safe(text)
    assert not RAW.search(shown) and "\n" not in shown and "\ufffd" not in shown, shown
    assert shown.isprintable(), shown
    assert names.terminal_safe(ESCAPES).startswith("\\x1b[31mred\\x1b]0;pwned\\x07\\u202e")


def test_terminal_safe_names_are_bounded():
    """Is a long name cut to its bound, with a mark that it was cut?"""
    assert len(names.terminal_safe(LONG)) == names.NAME_SHOWN and names.terminal_safe(LONG).endswith("…")
    assert names.terminal_safe("alice") == "alice"


def test_printed_summary_escapes_every_name_and_reason():
    """Does the printed summary show hostile names (failed, notes, skipped) escaped, whatever they hold?"""
    case = {
        "partial": False,
        "interrupted_by": None,
        "students": [ESCAPES, WIPE],
        "assignments": [A],
        "counts": dict.fromkeys(
            ("submissions", "graded", "unchanged", "failed", "grader_fault", "pending", "not_submitted"), 1
        ),
        "failed": [{"student": ESCAPES, "assignment": A, "reason": f"your code raised {WIPE}"}],
        "grader_faults": [{"student": NOT_UTF8, "assignment": A, "reason": "OSError"}],
        "not_submitted": [{"student": NEWLINE, "assignment": A}],
        "notes": [{"student": WIPE, "assignment": A, "note": f"not graded: {ESCAPES}.ipynb"}],
        "skipped": [{"path": f"{WIPE}/{LONG}", "reason": "hidden"}],
        "scores": {A: {"max": 18.0, "submissions": 0}},
        "outputs": dict(NAMES),
    }
    for lang in i18n.LANGUAGES:
        text = summary.render(case, "out", 1.0, lang=lang)
        assert not RAW.search(text), text
        assert "\\x1b[31mred" in text and "caf\\xe9" in text and "new\\x0aline" in text


# -- outputs: one failure costs one file


def _record(student: str) -> dict:
    return {
        "student": student,
        "assignment": A,
        "status": GRADED,
        "notebook": SCRIPT,
        "reason": None,
        "report": {"score": 1.0, "lang": "en", "exercises": [{"id": "flatten", "checks": []}]},
        "notes": [],
    }


def test_one_output_that_cannot_be_written_costs_that_file_only(tmp_path):
    """When one student's page cannot be written, are the class's files and the other pages written all the
    same, and does the result name what was not written?"""
    out = tmp_path / "out"
    (out / "feedback" / "alice.html").mkdir(parents=True)  # a folder where alice's page goes
    records = [_record("alice"), _record("bob"), _record(LONG)]
    written = write_all(records, {"assignments": [A], "students": ["alice", "bob", LONG]}, out, "en")
    assert [name for name, _ in written.failed] == ["feedback/alice.html"]
    for name in ("totals", "checks", "summary", "results"):
        assert NAMES[name] in written.files and (out / NAMES[name]).is_file()
    assert written.pages == 3 and written.pages_written() == 2
    assert (out / "feedback" / "bob.html").is_file()
    assert (out / "feedback" / f"{names.file_name(LONG)}.html").is_file()


def test_names_reach_the_csvs_escaped_and_whole(tmp_path):
    """Does each student's real name reach totals.csv whole, as one line of printable text?"""
    import csv

    out = tmp_path / "out"
    students = [LONG, NOT_UTF8, NEWLINE, ESCAPES, "=1+1"]
    written = write_all([_record(s) for s in students], {"assignments": [A], "students": students}, out)
    assert written.failed == []
    text = (out / NAMES["totals"]).read_text(encoding="utf-8")
    assert not RAW.search(text.replace("\n", "")) and len(text.splitlines()) == 1 + len(students)
    with open(out / NAMES["totals"], encoding="utf-8") as f:
        found = {row["student"] for row in csv.DictReader(f)}
    assert found == {LONG, "caf\\xe9", "new\\x0aline", names.escaped(ESCAPES), "'=1+1"}


# -- the gradebook


def test_a_name_the_gradebook_cannot_hold_costs_only_that_student(tmp_path):
    """Is a student whose folder name cannot be a gradebook id (not UTF-8, a newline, too long) left out and
    named, while the others' scores are written?"""
    from nbgrader.api import Gradebook

    db = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with Gradebook(db) as book:
        book.add_assignment(A)
        book.add_notebook(A, A)
        book.add_grade_cell("flatten_checks", A, A, max_score=3, cell_type="code")
    bad = [NOT_UTF8, NEWLINE, "x" * (gradebook.ID_LENGTH + 1)]
    records = []
    for student in ["alice", *bad]:
        record = _record(student)
        record["report"]["exercises"][0]["score"] = 2.0
        records.append(record)
    assert gradebook.write_scores(records, db) == (1, bad)
    with Gradebook(db) as book:
        assert book.find_grade("flatten_checks", A, A, "alice").auto_score == 2.0
        assert [s.id for s in book.students] == ["alice"]


# -- a hostile class, graded for real


# Runs the CLI in this process's child, counting the opens of notebook names and reporting its peak memory.
PROBE = """
import json, os, resource, sys
opened = []
watched = set(sys.argv[2].split(","))
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and os.path.basename(args[0]) in watched:
        opened.append(os.path.basename(args[0]))
sys.addaudithook(hook)
from autograder.cli import main
try:
    status = main(sys.argv[3:])
finally:
    with open(sys.argv[1], "w") as f:
        json.dump({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "opened": opened}, f)
sys.exit(status)
"""


def _build_hostile_class(submitted, out) -> list:
    """A class where five students are honest (three with hostile folder names) and everyone else attacks."""
    out.mkdir()
    (out / "secret.txt").write_text(SECRET)
    for student in ("alice", LONG, NOT_UTF8, NEWLINE, ESCAPES):
        put(submitted, student, HONEST_SCRIPT)
    _link(submitted, "bob", f"../../alice/{A}/{SCRIPT}")
    _link(submitted, "carol", ROOT / "autograder" / "answers" / "custom_layers.py")
    _link(submitted, "dave", solution(), NOTEBOOK)
    _link(submitted, "erin", "../../../out/secret.txt")
    _link(submitted, WIPE, f"../../alice/{A}/{SCRIPT}")
    (submitted / "frank").mkdir()
    (submitted / "frank" / A).symlink_to(f"../alice/{A}")
    os.mkfifo(_folder(submitted, "grace") / SCRIPT)
    (_folder(submitted, "heidi") / NOTEBOOK).mkdir()
    put(submitted, "ivan", "", name=NOTEBOOK)
    os.truncate(submitted / "ivan" / A / NOTEBOOK, 3 << 30)  # sparse: no disk space used
    (submitted / "judy").symlink_to("alice")
    (submitted / f"{ESCAPES}notes.txt").write_text("")  # skipped, and named in the summary
    return [_socket_at(_folder(submitted, "mallory") / SCRIPT)]


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    submitted, out, probe = root / "submitted", root / "out", root / "probe.json"
    sockets = _build_hostile_class(submitted, out)
    argv = command(submitted, out, "--workers", "2", "--quiet")[3:]
    try:
        result = subprocess.run(
            [PYTHON, "-c", PROBE, str(probe), f"{SCRIPT},{NOTEBOOK}", *argv],
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        for server in sockets:
            server.close()
    return root, result, json.loads(probe.read_text())


@pytest.mark.slow
def test_a_hostile_class_is_graded_and_only_the_attackers_lose(hostile_class):
    """Are the honest students (hostile folder names included) graded in full and every attack a zero with
    status "failed", in an ordinary run (exit 0) that writes every output?"""
    root, result, _ = hostile_class
    assert result.returncode == 0, result.stdout + result.stderr
    rows = totals(root / "out")
    assert {rows[s][A] for s in ("alice", LONG, "caf\\xe9", "new\\x0aline", names.escaped(ESCAPES))} == {FULL}
    records = {r["student"]: r for r in json.loads((root / "out" / NAMES["results"]).read_text())}
    for student in ("bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "mallory", WIPE):
        assert rows[names.escaped(student)][A] == "0", student
        assert records[student]["status"] == FAILED and records[student]["notebook"] is None, student
    assert records["ivan"]["reason"] == i18n.text(
        "file_too_large", "en", size="3072", limit=str(MAX_BYTES // (1 << 20))
    )
    assert "judy" not in rows


@pytest.mark.slow
def test_the_secret_never_reaches_a_student_or_the_terminal(hostile_class):
    """Is the instructor's secret, which erin's notebook links to, nowhere in the outputs or on the terminal?"""
    root, result, _ = hostile_class
    for path in (root / "out").rglob("*"):
        if path.is_file() and path.name != "secret.txt":
            assert SECRET not in path.read_text(errors="replace"), path
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.slow
def test_each_submitted_file_is_opened_once_and_a_sparse_one_never_read(hostile_class):
    """Is each regular notebook opened once per run (its fingerprint and its grade come from the same bytes),
    nothing else where a notebook should be opened at all, and does the 3 GB sparse notebook leave the
    grader's peak memory low?"""
    _, _, probe = hostile_class
    assert sorted(probe["opened"]) == [NOTEBOOK] + [SCRIPT] * 5  # ivan's: opened, measured, refused
    assert probe["peak_mb"] < 1024, probe


@pytest.mark.slow
def test_every_student_gets_a_page_with_a_safe_name(hostile_class):
    """Does each student (every hostile name included) get one feedback page and one results folder, named
    safely and uniquely, with the real name escaped in its heading?"""
    root, _, _ = hostile_class
    students = json.loads((root / "out" / NAMES["summary"]).read_text())["students"]
    stems = names.file_names(students)
    pages = sorted(p.name for p in (root / "out" / "feedback").iterdir())
    assert pages == sorted(f"{stem}.html" for stem in stems.values())
    assert sorted(p.name for p in (root / "out" / "results").iterdir()) == sorted(stems.values())
    page = (root / "out" / "feedback" / f"{stems[ESCAPES]}.html").read_text(encoding="utf-8")
    assert i18n.text("feedback_for", "en", student=names.escaped(ESCAPES)) in page and "\x1b" not in page


@pytest.mark.slow
def test_the_terminal_gets_no_escape_sequence(hostile_class):
    """Are the names printed on the instructor's terminal (failures, skips) escaped, never raw?"""
    _, result, _ = hostile_class
    assert not RAW.search(result.stdout) and not RAW.search(result.stderr)
    assert names.terminal_safe(WIPE) + "/" + A in result.stdout  # bob's like: a link, listed as failed
    assert names.terminal_safe(f"{ESCAPES}notes.txt") in result.stdout  # skipped


@pytest.mark.slow
def test_an_output_that_cannot_be_written_is_named_and_the_rest_written(hostile_class, tmp_path):
    """When alice's page cannot be written, does a rerun write every other output, list only what it wrote,
    name what it did not, and exit 1?"""
    root, _, _ = hostile_class
    out = tmp_path / "out"
    shutil.copytree(root / "out", out, symlinks=True)
    for name in ("totals", "checks", "summary", "results"):
        (out / NAMES[name]).unlink()
    (out / "feedback" / "alice.html").unlink()
    (out / "feedback" / "alice.html").mkdir()
    result = subprocess.run(
        command(root / "submitted", out, "--quiet"), capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 1, result.stdout + result.stderr
    for name in ("totals", "checks", "summary", "results"):
        assert (out / NAMES[name]).is_file(), name
    assert i18n.text("summary_outputs", "en", out=out) not in result.stdout
    assert i18n.text("summary_not_written", "en", count=1) in result.stdout
    assert "feedback/alice.html: " in result.stdout and "feedback/alice.html" in result.stderr
