"""Does the student kit carry no answer, set itself up from its own lock file, and check as the full package does?"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import student_kit  # noqa: E402

ASSIGNMENTS = sorted(p.name for p in (ROOT / "exercises").iterdir() if p.is_dir())


def _env() -> dict:
    """The environment of a student's shell: nothing pointing at this checkout or at the test's choices."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "AUTOGRADER_ORACLE", "MAKE", "MFLAGS"))
    }
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if ".venv" not in p)
    env["AUTOGRADER_LANG"] = "en"
    return env


@pytest.fixture(scope="module")
def kit(tmp_path_factory) -> Path:
    """The kit as `make student-kit` builds it (its leak check is `test_kit_holds_no_reference_solution`)."""
    out = tmp_path_factory.mktemp("kit") / "student-kit"
    student_kit.build(out)
    student_kit.write_zip(out)
    return out


def test_kit_holds_no_reference_solution(kit):
    """Does no file of the kit hold a reference solution's body, and is what holds them all left out?"""
    assert student_kit.leaks(kit) == []
    for absent in ("autograder/answers", "solutions", "tests", "gradebook.db"):
        assert not (kit / absent).exists(), absent
    assert (kit / "autograder" / "observations" / "lenet.safetensors").exists()


def test_the_leak_check_finds_answers():
    """Can the leak check fail? The worked solutions hold every reference answer, so it must find each there."""
    answers = {name for name, _ in student_kit.answer_bodies()}
    assert "autograder/answers/modules.py:LeNet.forward" in answers
    assert "autograder/answers/state_dict.py:strip_prefix" in answers
    found = {name for _, name in student_kit.leaks(ROOT / "solutions")}
    assert found == answers, sorted(answers - found)


def test_kit_is_small(kit):
    """Is the kit small: no probe weights (a layout to draw them from instead), observations of a few MB?"""
    observations = sum(p.stat().st_size for p in (kit / "autograder" / "observations").iterdir())
    assert observations < 10e6, f"recorded observations take {observations / 1e6:.1f} MB"
    assert kit.with_suffix(".zip").stat().st_size < 30e6


def test_kit_observations_are_not_pickles(kit):
    """Is every recorded file JSON or safetensors, never a pickle that could run code when read?"""
    for path in (kit / "autograder" / "observations").iterdir():
        assert path.suffix in (".json", ".safetensors"), path
        head = path.read_bytes()[:2]
        assert head != b"\x80\x04" and not path.read_bytes()[:4].startswith(b"PK"), path


@pytest.mark.slow
def test_kit_sets_up_and_checks_like_the_full_package(kit, tmp_path):
    """In a fresh venv made by the kit's own `make setup` from its own lock file: is the reference out of reach,
    do the shipped exercises score 0 and the solutions full marks, does a hard-coded public answer pass (it
    fails grading: tests/test_hidden_probes.py), and does every variant get the same verdicts and finding
    codes as in the full package?"""
    if shutil.which("make") is None:
        pytest.fail("make is needed to set the kit up as a student would")
    setup = subprocess.run(["make", "-C", str(kit), "setup"], env=_env(), capture_output=True, text=True)
    assert setup.returncode == 0, setup.stdout + setup.stderr
    python = kit / ".venv" / "bin" / "python"

    def run(*args, **kwargs):
        return subprocess.run(
            [str(python), *map(str, args)], env=_env(), cwd=tmp_path, capture_output=True, text=True, **kwargs
        )

    imported = run("-c", "import autograder.answers")
    assert imported.returncode != 0 and "No module named 'autograder.answers'" in imported.stderr
    where = run("-c", "import autograder, sys; print(autograder.__file__)")
    assert where.stdout.strip().startswith(str(kit)), where.stdout + where.stderr

    for assignment in ASSIGNMENTS:
        for folder, full in ((kit / "exercises", False), (ROOT / "solutions", True)):
            done = run(
                "-m", "autograder", "check", folder / assignment / f"{assignment}.ipynb", "--format", "json"
            )
            report = json.loads(done.stdout)
            assert report["status"] == "graded", done.stdout + done.stderr
            want = report["max_score"] if full else 0
            assert report["score"] == want, (
                f"{folder.name}/{assignment}: {report['score']}/{report['max_score']}"
            )

    _lab_serves_the_workspace(kit, python, tmp_path)

    from test_hidden_probes import _cheat_file

    cheat = run(
        "-m",
        "autograder",
        "check",
        _cheat_file(tmp_path / "cheat.py"),
        "--exercise",
        "lenet",
        "--format",
        "json",
    )
    report = json.loads(cheat.stdout)
    assert report["score"] == report["max_score"], "the kit's self-check may pass a hard-coded public answer"

    from kit_outcomes import outcomes

    in_kit = run(ROOT / "tests" / "kit_outcomes.py", ROOT)
    assert in_kit.returncode == 0, in_kit.stderr[-3000:]
    kit_outcomes = json.loads(in_kit.stdout)
    full = outcomes(ROOT)
    differ = {k: (full[k], kit_outcomes.get(k)) for k in full if full[k] != kit_outcomes.get(k)}
    assert not differ, json.dumps(differ, indent=1)[:4000]


def _lab_serves_the_workspace(kit: Path, python: Path, tmp_path: Path) -> None:
    """The kit's lab, started as its `make lab NOBROWSER=1 PORT=...` does: it answers, with every exercise
    copied into the student's workspace/."""
    import signal

    from test_lab import _free_port, _get, _wait_for_url

    log = tmp_path / "lab.log"
    env = {**_env(), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    command = [str(python), str(kit / "tools" / "lab.py"), "--port", str(_free_port()), "--no-browser"]
    with log.open("w") as out:
        proc = subprocess.Popen(
            command, cwd=kit, stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True
        )
    try:
        base, token = _wait_for_url(log, proc)
        status, body = _get(f"{base}/api/contents/workspace", token)
        assert status == 200, body
        assert sorted(item["name"] for item in json.loads(body)["content"]) == ASSIGNMENTS
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
