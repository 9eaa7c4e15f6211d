"""The student's JupyterLab: `make lab` runs this with the venv's Python.

It says what it does, one line a step:

1. Copies `exercises/` into `workspace/` (git-ignored), the student's own copies to work in. Only files that
   `workspace/` lacks are copied: a file already there is the student's and is never touched, and an exercise
   added to the course later arrives on the next run. So `git pull` of course updates never meets a
   student's answers. (Deleting a copy gets a fresh one on the next run.)
2. Starts JupyterLab at `course/`, with nbgrader's instructor tools off (formgrader, create assignment, course
   and assignment lists), then prints the URL.

The instructor tools are switched off by the Jupyter config folder `tools/lab_config/`, put in front of the
venv's own config by `JUPYTER_CONFIG_PATH` for this server only: the shared venv is left as it is, so
`jupyter lab` run directly from it still has them.

    .venv/bin/python tools/lab.py [--port 8899] [--no-browser] [--root COURSE_DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAB_CONFIG = Path(__file__).resolve().parent / "lab_config"
STARTUP_WAIT_S = 120


def say(message: str) -> None:
    print(f"lab: {message}", flush=True)


def copy_new_exercises(exercises: Path, workspace: Path) -> list[Path]:
    """Copies every file of `exercises` that `workspace` lacks; returns them, relative to `exercises`.

    A file that already exists in `workspace` is never opened for writing, whatever its content: it is the
    student's. Hidden folders (`.ipynb_checkpoints`) and `__pycache__` are not copied.
    """
    copied = []
    for source in sorted(exercises.rglob("*")):
        relative = source.relative_to(exercises)
        if not source.is_file() or any(p.startswith(".") or p == "__pycache__" for p in relative.parts):
            continue
        target = workspace / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            # "x" creates the file or fails: even a copy written a moment ago by the student is safe.
            with source.open("rb") as src, target.open("xb") as dst:
                shutil.copyfileobj(src, dst)
        except FileExistsError:
            continue
        copied.append(relative)
    return copied


def jupyter_command(root: Path, port: int | None, open_browser: bool) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        "--ServerApp.default_url=/lab/tree/course",
        f"--ServerApp.open_browser={open_browser}",
        # Only warnings and errors: Jupyter's start-up log would bury the lines above.
        "--ServerApp.log_level=WARN",
        "--LabApp.log_level=WARN",
    ]
    if port is not None:
        # A port the student asked for, or a clear error: never a different port in silence.
        command += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if getattr(os, "geteuid", lambda: None)() == 0:
        # As root (containers, Binder) JupyterLab needs to be told that this is intended. (Windows has no
        # user ids, and no such rule.)
        command.append("--allow-root")
    return command


def server_url(info_file: Path, proc: subprocess.Popen) -> str | None:
    """Waits for the server's info file (written once it listens); the URL of the course, with the token."""
    deadline = time.monotonic() + STARTUP_WAIT_S
    while proc.poll() is None and time.monotonic() < deadline:
        try:
            info = json.loads(info_file.read_text())
        except (OSError, ValueError):
            time.sleep(0.2)
            continue
        return f"{info['url'].rstrip('/')}/lab/tree/course?token={info['token']}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, help="the port to listen on (default: 8888 or the next free one)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser, only print the URL")
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="the course folder (default: this repository)"
    )
    args = parser.parse_args(argv)
    root = args.root.resolve()

    existed = (root / "workspace").exists()
    copied = copy_new_exercises(root / "exercises", root / "workspace")
    if not existed:
        say(f"copied exercises/ into workspace/ ({len(copied)} files): your own copies, work there")
    elif copied:
        folders = ", ".join(sorted({p.parts[0] for p in copied}))
        say(
            f"copied {len(copied)} new exercise files into workspace/ ({folders}); yours were left as they were"
        )
    else:
        say("workspace/ already has every exercise; your files there are never overwritten")

    from jupyter_core.paths import jupyter_runtime_dir

    env = dict(os.environ)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        filter(None, [str(LAB_CONFIG), env.get("JUPYTER_CONFIG_PATH")])
    )
    say("starting JupyterLab at course/ (nbgrader's instructor tools off)")
    proc = subprocess.Popen(jupyter_command(root, args.port, not args.no_browser), env=env)
    # Ctrl+C reaches JupyterLab from the terminal directly (it asks before stopping); a stop sent to this
    # script alone is passed on, so JupyterLab always shuts its kernels down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Windows has no SIGHUP (a closed console ends the whole process tree there anyway).
    for stop in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if stop is not None:
            signal.signal(stop, lambda signum, frame: proc.send_signal(signum))

    url = server_url(Path(jupyter_runtime_dir()) / f"jpserver-{proc.pid}.json", proc)
    if url:
        say(f"JupyterLab is running: {url}  (Ctrl+C stops it)")
    elif proc.poll() is None:
        say(f"JupyterLab has not answered after {STARTUP_WAIT_S} s; its messages are above")
    return proc.wait()


if __name__ == "__main__":
    sys.exit(main())
