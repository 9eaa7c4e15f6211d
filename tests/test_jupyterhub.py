"""Does the course work on a real multi-user JupyterHub, from release to feedback, as its people would use it?

A JupyterHub (the pinned one, with its pip-installed Python proxy) runs as root with the shipped configuration,
deploy/jupyterhub/: real Unix users (an instructor and two students) log in with their passwords through the
hub's login page, each server is spawned by the hub as its user from the users' environment (Debian's
python3.11, the lock and the course package: `multiuser.users_python()`), and nbgrader's exchange is a folder
shared between them. The instructor releases chapter 1's assignment; each student fetches it, writes an answer
(one right, one wrong), runs `check()` in their own kernel in headless Chromium and sees the report; both
submit; the instructor collects, grades with `autograder grade --gradebook` from their own account, and
releases feedback; each student fetches only their own. formgrader shows the grades in the instructor's
browser.

Every command of docs/jupyterhub.md is one this test runs: the command lists below are the docs' commands,
run with the docs' paths and names replaced by the test's (`_translate`); a fast test holds the docs to them.
The hub, its proxy and every server are stopped at the end, and the test checks no process of its users is
left. It needs root (to make users and spawn as them) and Chromium (as tests/test_browser.py).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import stat
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT, VARIANTS
from multiuser import as_user, ensure_user, remove_user, set_password, user_processes, users_python
from test_browser import CHROMIUM, KERNEL_IDLE, OUTSIDE_CODE, _free_port, _skip_without_browser

DOCS = ROOT / "docs" / "jupyterhub.md"
ASSIGNMENT = "01_modules"
START_S = 300  # the hub spawning a server that loads JupyterLab and nbgrader, on 2 shared cores
RUN_S = 300  # a kernel imports torch, then check() grades in the jail
COMMAND_S = 600  # one command: grading the class is the longest

# The docs' names and paths, and what this test puts in their place: users that only tests make (multiuser's
# prefix), and temporary folders instead of the machine's.
INSTRUCTOR, STUDENTS = "teacher", ("alice", "bob")
USER = {name: f"nnmhub{name}" for name in (INSTRUCTOR, *STUDENTS)}
# What each student writes in the LeNet cell: the solution, or its output through softmax (3 of 4 checks pass).
ANSWER = {"alice": None, "bob": VARIANTS / "lenet" / "bad_softmax.py"}
SCORE = {"alice": (4, 4), "bob": (3, 4)}

# docs/jupyterhub.md's commands, in the order the course runs them: (who, command). "root" is the machine's
# administrator; commands of a user run in their home.
SETUP = [
    # Debian's useradd makes homes every user can read (755): a student could read a classmate's work, and the
    # instructor's solutions, gradebook and secret.
    ("root", "chmod 700 /home/teacher /home/alice /home/bob"),
    ("root", "install -d -m 1777 /srv/nbgrader/exchange"),
    (
        "root",
        "install -D -m 644 /srv/nnmodule-course/deploy/jupyterhub/nbgrader_config.py "
        "/etc/jupyter/nbgrader_config.py",
    ),
    ("teacher", "cp -r /srv/nnmodule-course/nbgrader_config.py /srv/nnmodule-course/solutions ~/"),
]
# Started, not waited for: the hub runs until the test stops it.
HUB = (
    "COURSE_INSTRUCTORS=teacher COURSE_STUDENTS='alice bob' COURSE_USERS_BIN=/opt/nnmodule-course/bin "
    "/opt/nnmodule-course/bin/jupyterhub -f /srv/nnmodule-course/deploy/jupyterhub/jupyterhub_config.py"
)
RELEASE = [
    ("teacher", "nbgrader db assignment add 01_modules"),
    ("teacher", "nbgrader generate_assignment 01_modules --force"),
    ("teacher", "nbgrader release_assignment 01_modules"),
]
FETCH = "nbgrader fetch_assignment 01_modules"
SUBMIT = "nbgrader submit 01_modules"
GRADE = [
    ("teacher", "nbgrader collect 01_modules"),
    ("teacher", "autograder grade submitted --out grading --gradebook sqlite:///gradebook.db"),
    ("teacher", "nbgrader generate_feedback 01_modules --CourseDirectory.autograded_directory=submitted"),
    ("teacher", "nbgrader release_feedback 01_modules"),
]
FETCH_FEEDBACK = "nbgrader fetch_feedback 01_modules"
COMMANDS = (
    [c for _, c in SETUP] + [HUB] + [c for _, c in RELEASE] + [FETCH, SUBMIT] + [c for _, c in GRADE]
) + [FETCH_FEEDBACK]


class Course:
    """The machine's side of the test: its folders, users and passwords, and the commands it ran."""

    def __init__(self, tmp: Path, python: str):
        self.tmp = tmp
        self.venv = str(Path(python).parent.parent)
        self.paths = {
            "/srv/nbgrader/exchange": str(tmp / "exchange"),
            "/srv/nnmodule-course": str(tmp / "checkout"),
            "/opt/nnmodule-course": self.venv,
            "/etc/jupyter": str(tmp / "etc-jupyter"),
        }
        self.passwords = {name: secrets.token_urlsafe(12) for name in USER}
        self.ran: list[str] = []
        # What a login gives every user here: the users' environment first on PATH; the exchange and the shared
        # nbgrader_config.py in the test's folders instead of /srv and /etc (the hub passes both on to servers).
        self.env = {
            "PATH": f"{self.venv}/bin:/usr/local/bin:/usr/bin:/bin",
            "NBGRADER_EXCHANGE": self.paths["/srv/nbgrader/exchange"],
            "JUPYTER_CONFIG_PATH": self.paths["/etc/jupyter"],
            "OMP_NUM_THREADS": "1",
        }

    def translate(self, command: str) -> str:
        for path, here in self.paths.items():
            command = command.replace(path, here)
        return re.sub(r"\b(teacher|alice|bob)\b", lambda m: USER[m.group(1)], command)

    def run(self, who: str, command: str, check: bool = True) -> subprocess.CompletedProcess:
        """Runs a docs' command as `who`, translated; with `check`, asserts it succeeds and records it."""
        argv = ["bash", "-c", self.translate(command) if check else command]
        if who == "root":
            result = subprocess.run(
                argv, env={**os.environ, **self.env}, capture_output=True, text=True, timeout=COMMAND_S
            )
        else:
            result = as_user(USER[who], argv, env=self.env, timeout=COMMAND_S)
        if check:
            assert result.returncode == 0, f"{who}: {command}\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
            self.ran.append(command)
        return result

    def home(self, who: str) -> Path:
        import pwd

        return Path(pwd.getpwnam(USER[who]).pw_dir)


@pytest.fixture(scope="module")
def course():
    """The course's machine: users, folders and a running hub; everything is removed afterwards."""
    if os.geteuid() != 0:
        pytest.skip("needs root: it makes Unix users and runs a JupyterHub that spawns servers as them")
    _skip_without_browser()
    python = users_python()
    tmp = Path(tempfile.mkdtemp(prefix="nnm-hub-"))
    tmp.chmod(0o755)  # the users reach the exchange and the shared config through it
    hub = None
    try:
        course = Course(tmp, python)
        # A checkout of the course every user can read (this one may sit in a folder they cannot enter).
        checkout = Path(course.paths["/srv/nnmodule-course"])
        shutil.copytree(ROOT / "solutions" / ASSIGNMENT, checkout / "solutions" / ASSIGNMENT)
        shutil.copytree(ROOT / "deploy", checkout / "deploy")
        shutil.copy(ROOT / "nbgrader_config.py", checkout)
        subprocess.run(["chmod", "-R", "a+rX", str(checkout)], check=True)
        # The test's stand-in for /etc/jupyter also lets the browser reach JupyterLab's app object, as
        # tests/test_browser.py does, and keeps JupyterLab from asking for news.
        etc = Path(course.paths["/etc/jupyter"])
        etc.mkdir(mode=0o755)
        (etc / "jupyter_server_config.json").write_text(
            '{"LabApp": {"expose_app_in_browser": true, "news_url": null}}\n'
        )
        (etc / "jupyter_server_config.json").chmod(0o644)
        for who, name in USER.items():
            remove_user(name)  # a run that was stopped half-way may have left one, with its files
            ensure_user(name)
            set_password(name, course.passwords[who])
        for who, command in SETUP:
            course.run(who, command)
        state = tmp / "hub"
        state.mkdir(mode=0o700)
        port = _free_port()
        course.base = f"http://127.0.0.1:{port}"
        # The docs' command, on free local ports (a machine uses the defaults: 8000, 8001, 8081).
        flags = [
            f"--JupyterHub.bind_url={course.base}",
            f"--JupyterHub.hub_bind_url=http://127.0.0.1:{_free_port()}",
            f"--ConfigurableHTTPProxy.api_url=http://127.0.0.1:{_free_port()}",
        ]
        hub = subprocess.Popen(
            ["bash", "-c", course.translate(HUB) + " " + " ".join(map(shlex.quote, flags))],
            cwd=state,
            env={**course.env, "LANG": "C.UTF-8", "HOME": "/root"},
            stdout=subprocess.DEVNULL,
            stderr=open(tmp / "hub.log", "w"),  # noqa: SIM115 (closed with the process)
            start_new_session=True,
        )
        course.hub = hub
        course.log = tmp / "hub.log"
        deadline = time.monotonic() + START_S
        while True:
            try:
                urllib.request.urlopen(f"{course.base}/hub/login", timeout=5)
                break
            except OSError:
                if hub.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("JupyterHub did not start:\n" + course.log.read_text()[-3000:])
                time.sleep(1)
        course.ran.append(HUB)
        yield course
    finally:
        if hub is not None and hub.poll() is None:
            stop_hub(hub)
        for name in USER.values():
            remove_user(name)
        shutil.rmtree(tmp, ignore_errors=True)


def stop_hub(hub: subprocess.Popen) -> None:
    """SIGTERM, as a service manager stops it: the hub stops every server, then its proxy."""
    os.killpg(hub.pid, signal.SIGTERM)
    try:
        hub.wait(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(hub.pid, signal.SIGKILL)
        hub.wait()


def write_answer(course: Course, who: str) -> None:
    """The student's answer in the LeNet cell of their fetched notebook, written as they would save it."""
    path = course.home(who) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    if ANSWER[who] is None:
        solution = nbformat.read(ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
        source = next(c.source for c in solution.cells if _grade_id(c) == "lenet_solution")
    else:
        source = ANSWER[who].read_text()
    next(c for c in nb.cells if _grade_id(c) == "lenet_solution").source = source
    nbformat.write(nb, path)
    stat_ = course.home(who).stat()
    os.chown(path, stat_.st_uid, stat_.st_gid)


def _commands_of(users: list[str]) -> list[str]:
    """The command lines of these users' processes (those that end while being read are left out)."""
    import psutil

    commands = []
    for proc in user_processes(users):
        with contextlib.suppress(psutil.Error):
            commands.append(f"{proc.pid} {' '.join(proc.cmdline())}")
    return commands


def _grade_id(cell) -> str | None:
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def log_in(browser, course: Course, who: str):
    """A browser of its own for `who`, logged in through the hub's login page, with their server started."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{course.base}/hub/login")
    page.fill("#username_input", USER[who])
    page.fill("#password_input", course.passwords[who])
    page.click("#login_submit")
    page.wait_for_url(re.compile(rf"/user/{USER[who]}/lab"), timeout=START_S * 1000)
    return context, page


def run_check_in_browser(page, course: Course, who: str):
    """Opens the fetched notebook in JupyterLab, runs every cell above the graded one (the student's own
    `check("lenet")` last) in the student's kernel; returns the report's locator."""
    nb = nbformat.read(course.home(who) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    graded = next(i for i, c in enumerate(nb.cells) if _grade_id(c) == "lenet_checks")
    page.goto(f"{course.base}/user/{USER[who]}/lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")
    page.wait_for_function(
        "() => window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')", timeout=START_S * 1000
    )
    page.wait_for_function(KERNEL_IDLE, timeout=START_S * 1000)
    page.evaluate(
        f"""() => {{ const notebook = window.jupyterapp.shell.currentWidget.content;
                     notebook.activeCellIndex = {graded};
                     window.jupyterapp.commands.execute('notebook:run-all-above'); }}"""
    )
    page.wait_for_function(
        "() => document.querySelectorAll('.jp-OutputArea-output .autograder-report').length >= 1",
        timeout=RUN_S * 1000,
    )
    return page.locator(".jp-OutputArea-output .autograder-report").first


@pytest.mark.slow
def test_a_course_on_jupyterhub_from_release_to_feedback(course):
    """Released, fetched, checked in each student's browser, submitted, graded by the instructor's own account,
    feedback fetched: does every person see what is theirs, and only that?"""
    from playwright.sync_api import sync_playwright

    exchange = Path(course.paths["/srv/nbgrader/exchange"])
    course_dir = exchange / "nnmodule-course"
    for who, command in RELEASE:
        course.run(who, command)
    for who in STUDENTS:
        course.run(who, FETCH)
        write_answer(course, who)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            students = {}  # each student's browser, kept logged in to the end
            for who in STUDENTS:
                context, page = log_in(browser, course, who)
                students[who] = page
                report = run_check_in_browser(page, course, who)
                text = report.inner_text()
                score, top = SCORE[who]
                assert "`" not in report.evaluate(OUTSIDE_CODE)
                if score < top:
                    assert f"LeNet (lenet): {score}/{top}, needs work" in text
                    assert "What to fix" in text
                    assert report.locator("text=FAIL").count() >= 1
                    assert report.locator("text=PASS").count() >= 1
                else:
                    assert f"{score}/{top}, all checks pass" in text
                    assert "What to fix" not in text
                # The server and the kernel that graded are the student's own processes, spawned by the hub.
                mine = _commands_of([USER[who]])
                assert any("jupyterhub-singleuser" in cmd for cmd in mine), mine
                assert any("ipykernel" in cmd for cmd in mine), mine

            for who in STUDENTS:
                course.run(who, SUBMIT)
            # The exchange as nbgrader documents it, with the sticky bit on its root.
            assert stat.S_IMODE(exchange.stat().st_mode) == 0o1777
            assert stat.S_IMODE((course_dir / "inbound").stat().st_mode) == 0o2733  # others -wx: not listable
            alice, bob = STUDENTS
            submissions = sorted(p.name for p in (course_dir / "inbound").iterdir())
            assert len(submissions) == 2
            for name in submissions:  # <student>+<assignment>+<time>+<random>: a name nobody else can guess
                assert re.fullmatch(r"nnmhub(alice|bob)\+01_modules\+[^+]+\+[A-Za-z0-9_-]{12}", name), name
            # A student can neither list the submissions, nor read one by its pattern, nor rename the course away.
            inbound = course_dir / "inbound"
            listing = course.run(bob, f"ls {inbound}", check=False)
            assert listing.returncode != 0 and "nnmhubalice" not in listing.stdout
            assert (
                course.run(bob, f"cat {inbound}/nnmhubalice+*/01_modules.ipynb", check=False).returncode != 0
            )
            moved = course.run(bob, f"mv {course_dir} {exchange / 'gone'}", check=False)
            assert moved.returncode != 0 and course_dir.is_dir()

            for who, command in GRADE:
                course.run(who, command)
            graded = (course.home(INSTRUCTOR) / "grading" / "totals.csv").read_text()
            for who in STUDENTS:
                assert f"{USER[who]},{SCORE[who][0]},{SCORE[who][0]},{SCORE[who][1]},graded" in graded
            # Each submission ran in the jail (user namespaces: the instructor is no root), and nothing the
            # instructor wrote belongs to root: the grading ran as them.
            for record in json.loads((course.home(INSTRUCTOR) / "grading" / "results.json").read_text()):
                notes = record["report"]["note_findings"]
                missing = {m for n in notes if n["code"] == "sandbox_missing" for m in n["data"]["missing"]}
                assert not missing & {"namespaces", "linux_jail"}, (record["student"], missing)
            teacher_uid = course.home(INSTRUCTOR).stat().st_uid
            for path in (course.home(INSTRUCTOR) / "grading").rglob("*"):
                assert path.stat().st_uid == teacher_uid, path
            listing = course.run(bob, f"ls {course_dir / 'feedback'}", check=False)
            assert listing.returncode != 0
            # Nor, around the exchange, through a home: a classmate's work, the instructor's solutions, the
            # copies they collected, their secret.
            teacher = course.home(INSTRUCTOR)
            for path in (
                course.home(alice) / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                teacher / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                teacher / "submitted" / USER[alice] / ASSIGNMENT / f"{ASSIGNMENT}.ipynb",
                teacher / "grading" / "secret.txt",
            ):
                assert path.is_file(), path
                assert course.run(bob, f"cat {shlex.quote(str(path))}", check=False).returncode != 0, path

            for who in STUDENTS:
                course.run(who, FETCH_FEEDBACK)
                pages = list((course.home(who) / ASSIGNMENT / "feedback").rglob("*.html"))
                assert len(pages) == 1, pages
                page_text = pages[0].read_text()
                score, top = SCORE[who]
                assert f"Score: {score:.1f} / {top:.1f}" in page_text
                other = next(s for s in STUDENTS if s != who)
                assert USER[other] not in page_text

            # formgrader, in a tab of its own under the hub: the grades, per student.
            context, page = log_in(browser, course, INSTRUCTOR)
            response = page.goto(f"{course.base}/user/{USER[INSTRUCTOR]}/formgrader/manage_students")
            assert "frame-ancestors 'none'" in response.headers.get("content-security-policy", "")
            for who in STUDENTS:
                row = page.locator("tr", has_text=USER[who])
                row.first.wait_for(timeout=60_000)
                assert re.search(
                    rf"\b{SCORE[who][0]}(\.0)?\s*/\s*{SCORE[who][1]}(\.0)?\b", row.first.inner_text()
                )
            # A student, logged in, who asks the instructor's server for the gradebook is refused by the hub.
            for who, student in students.items():
                response = student.goto(f"{course.base}/user/{USER[INSTRUCTOR]}/formgrader/api/students")
                assert response.status == 403, (who, response.status, student.url)
                assert not [s for s in STUDENTS if s != who and USER[s] in student.content()]
        finally:
            browser.close()

    stop_hub(course.hub)
    with pytest.raises(ProcessLookupError):  # the proxy, started by the hub in its process group, ended too
        os.killpg(course.hub.pid, 0)
    deadline = time.monotonic() + 60
    while user_processes(list(USER.values())) and time.monotonic() < deadline:
        time.sleep(1)
    left = _commands_of(list(USER.values()))
    assert not left, f"processes of the course's users outlived the hub: {left}"
    assert sorted(course.ran) == sorted(COMMANDS + [FETCH, SUBMIT, FETCH_FEEDBACK])  # two students each


def _doc_commands() -> list[str]:
    """The commands of docs/jupyterhub.md's ```bash blocks: one a line (a trailing backslash joins lines),
    comments and `$ ` prompts left out."""
    commands = []
    for block in re.findall(r"```bash\n(.*?)```", DOCS.read_text(), re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s+#.*$", "", line).strip()
            if line and not line.startswith("#"):
                commands.append(re.sub(r"\s+", " ", line))
    return commands


def test_every_command_in_the_docs_is_one_the_hub_test_runs():
    """Is each command docs/jupyterhub.md gives an instructor one the hub test runs (with the docs' names and
    paths), and does it give them all?"""
    documented = _doc_commands()
    assert documented, "docs/jupyterhub.md has no ```bash block"
    unknown = [c for c in documented if c not in COMMANDS]
    assert not unknown, f"commands in the docs that no test runs: {unknown}"
    assert set(COMMANDS) <= set(documented)
