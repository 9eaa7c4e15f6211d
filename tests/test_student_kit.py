"""Does the student kit carry no answer, set itself up from its own lock file, and check as the full package does?"""

from __future__ import annotations

import json
import os
import re
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


# Chapter 1 once built `lenet`'s answer line for line, with a pooling module of its own in between: no whole
# statement block was an answer's, and the old check, which compared whole blocks only, passed it.
CHAPTER_ONE_LENET = """
class LeNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 6, kernel_size=5)
        self.pool = nn.MaxPool2d(kernel_size=2, stride=2)
        self.conv2 = nn.Conv2d(6, 16, kernel_size=5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)

    def forward(self, x):
        x = F.relu(self.conv1(x))
        x = self.pool(x)
        x = F.relu(self.conv2(x))
        x = self.pool(x)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x
"""


def test_the_leak_check_finds_an_answer_spread_over_other_code(tmp_path):
    """Does the leak check find an answer whose statements a chapter holds one by one, with other lines in between,
    and not a file that shares only a statement or two with it?"""
    (tmp_path / "chapter.py").write_text(CHAPTER_ONE_LENET)
    assert {name for _, name in student_kit.leaks(tmp_path)} == {
        "autograder/answers/modules.py:LeNet.__init__",
        "autograder/answers/modules.py:LeNet.forward",
    }
    (tmp_path / "chapter.py").write_text(
        "self.conv1 = nn.Conv2d(in_channels, 6, kernel_size=5)\nx = torch.flatten(x, 1)\n"
    )
    assert student_kit.leaks(tmp_path) == []


def test_the_course_holds_no_answer():
    """Do the chapters teach with other models or layouts than the exercises ask for (no answer, whole or
    statement by statement)?"""
    assert student_kit.leaks(ROOT / "course") == []


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


def _hosted_cell(readme: str) -> str:
    """The first cell for hosted notebooks, as the kit's README gives it."""
    section = readme.split("### A hosted notebook: the first cell", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def _execute(client, code: str) -> str:
    """Runs `code` in the kernel; what it printed. Fails the test, with the traceback, when it raises."""
    printed, errors = [], []

    def output(message):
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        elif message["msg_type"] == "error":
            errors.append("\n".join(message["content"]["traceback"]))

    reply = client.execute_interactive(code, timeout=300, output_hook=output)
    assert reply["content"]["status"] == "ok" and not errors, "\n".join(errors) + "".join(printed)
    return "".join(printed)


@pytest.mark.slow
def test_the_hosted_notebook_cell_installs_the_grader_and_keeps_torch(kit, tmp_path):
    """In a fresh Jupyter kernel of a Python that has torch and Jupyter but not the course (as Colab's), does
    the README's first cell, run as written next to the kit's zip, install the grader without touching the
    kernel's torch (same version, same files), without the answers, and do `check` and `grade` then work on
    the recorded observations (a right Flatten full marks, a known mistake fewer)?"""
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager

    from autograder.exercises import EXERCISES

    # The hosted Python: this interpreter, its torch and Jupyter packages seen through a .pth line (so not
    # this checkout's own autograder, which is installed by a .pth file that a plain path does not run).
    hosted = tmp_path / "hosted"
    subprocess.run(
        [getattr(sys, "_base_executable", sys.executable), "-m", "venv", "--without-pip", hosted], check=True
    )
    (site_packages,) = hosted.glob("lib/python3*/site-packages")
    here = next(p for p in sys.path if p.endswith("site-packages") and Path(p, "torch").is_dir())
    (site_packages / "hosted_kernel_packages.pth").write_text(here + "\n")
    spec = tmp_path / "kernels" / "hosted"
    spec.mkdir(parents=True)
    argv = [str(hosted / "bin" / "python"), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "hosted", "language": "python"})
    )
    work = tmp_path / "content"  # Colab's folder: the notebook and what the student uploaded next to it
    work.mkdir()
    shutil.copy2(kit.with_suffix(".zip"), work / "student-kit.zip")

    manager = KernelManager(
        kernel_name="hosted", kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(spec.parent)])
    )
    manager.start_kernel(cwd=str(work), env=_env())
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        where = "import importlib.util, torch; print(torch.__version__, torch.__file__, importlib.util.find_spec('autograder'))"
        before = _execute(client, where)
        assert before.endswith(" None\n"), before

        _execute(client, _hosted_cell((kit / "README.md").read_text()))

        after = _execute(client, where.replace("find_spec('autograder')", "find_spec('autograder').origin"))
        assert after.split()[:2] == before.split()[:2], "the cell changed the kernel's torch"
        assert after.split()[2].startswith(str(site_packages / "autograder")), after
        assert _execute(client, "print(importlib.util.find_spec('autograder.answers'))") == "None\n"
        # --no-deps: the grader is the one thing installed; nothing of the kernel's is upgraded.
        assert [p.name for p in site_packages.glob("*.dist-info")] == [
            "nnmodule_course_student_kit-0.1.0.dist-info"
        ]

        variants = ROOT / "tests" / "variants" / "flatten"
        scores = _execute(
            client,
            f"exec(open({str(variants / 'good_torch_flatten.py')!r}).read())\n"
            "print(float(grade('flatten')), 'FAIL' in check('flatten').text)\n"
            f"exec(open({str(variants / 'bad_flatten_everything.py')!r}).read())\n"
            "print(float(grade('flatten')), 'FAIL' in check('flatten').text)\n",
        ).split()
        full = float(len(EXERCISES["flatten"].checks))
        assert scores[:2] == [str(full), "False"], scores
        assert float(scores[2]) < full and scores[3] == "True", scores
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


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
    # Linux: torch is the CPU build; where pip has it offline (this machine) no index is ever waited on.
    torch_version = subprocess.run(
        [python, "-c", "import torch; print(torch.__version__, torch.version.cuda)"],
        capture_output=True,
        text=True,
    )
    assert torch_version.stdout.split() == ["2.13.0+cpu", "None"], torch_version.stdout + torch_version.stderr
    assert "Retrying" not in setup.stderr, setup.stderr
    installed = subprocess.run(
        [python, "-m", "pip", "list", "--format", "json"], capture_output=True, text=True
    )
    names = {d["name"].lower() for d in json.loads(installed.stdout)}
    assert not names & {"pytest", "ruff", "playwright", "nbgrader"}, names

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

    _lab_serves_the_workspace(kit, tmp_path)

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


def _lab_serves_the_workspace(kit: Path, tmp_path: Path) -> None:
    """The kit's lab, started as Windows' command does (`py tools\\bootstrap.py lab --no-browser --port ...`,
    here with this Python): it answers, with every exercise copied into the student's workspace/."""
    import signal

    from test_lab import _free_port, _get, _wait_for_url

    log = tmp_path / "lab.log"
    env = {**_env(), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    python = getattr(sys, "_base_executable", sys.executable)
    command = [
        python,
        str(kit / "tools" / "bootstrap.py"),
        "lab",
        "--port",
        str(_free_port()),
        "--no-browser",
    ]
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
