"""Sets up the course's virtualenv, `.venv/`, and opens the lab: what `make setup` runs, and the one command
on a machine without `make` (Windows, in PowerShell or cmd).

    python3 tools/bootstrap.py setup                   (what `make setup` and `make lab` run first)
    py tools\\bootstrap.py lab [--port 8899] [--no-browser]   (Windows: sets up, then opens JupyterLab)

It says what it does, one line a step:

1. Checks the Python it runs on against `requires-python` in pyproject.toml, and that this Python can make a
   virtualenv with pip (Debian and Ubuntu ship that part separately, as `python3.X-venv`). When either is
   missing it says what to install, names the newer Pythons it finds, and stops before making anything.
2. Checks `.venv/`: a virtualenv whose interpreter does not start (a Python upgraded or removed under it),
   is too old, or has no pip (a first run interrupted, or made without `python3.X-venv`) is deleted and made
   again, rather than failing the same way on every later run.
3. Installs torch, pinned in requirements.lock, on its own. On Linux the CPU build, from TORCH_INDEX (by
   default https://download.pytorch.org/whl/cpu: about 200 MB, where PyPI's Linux torch brings several GB of
   CUDA libraries); a wheel of the pinned version that pip's configuration already offers offline (its
   find-links, a classroom's wheel folder) comes first, so such a machine never waits on the network. Set
   TORCH_INDEX to choose: `TORCH_INDEX=` (empty) for PyPI's default build, or another index such as
   https://download.pytorch.org/whl/cu128. Elsewhere PyPI's torch is already the CPU one (macOS, Windows).
   A torch already installed at the pinned version is kept: to change builds, delete `.venv/` first.
4. Installs the rest of requirements.lock (its torch pin is met by the build just installed), then the
   course package, editable.
5. Writes `.venv/.ready`, a digest of requirements.lock and pyproject.toml: the next run with the same ones
   checks the virtualenv and does nothing more, in well under a second. Without it (a run interrupted after
   step 2) the next run installs again, keeping what is there.

This file runs on Python 3.6 and later, so that an old Python gets the message of step 1 rather than a
syntax error.
"""

import argparse
import hashlib
import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv")
LOCK = os.path.join(ROOT, "requirements.lock")
PYPROJECT = os.path.join(ROOT, "pyproject.toml")
READY = os.path.join(VENV, ".ready")
# Where the CPU builds of torch live, for Linux (x86_64 and arm64). On macOS and Windows PyPI's torch has
# no CUDA libraries, so PyPI itself is the default there.
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
PIP = ["-m", "pip", "install", "--disable-pip-version-check"]


def say(message):
    print("setup: " + message, flush=True)


class SetupError(Exception):
    """A reason to stop, for the student: every line of it is printed, then the exit status is 1."""


# ------------------------------------------------------------------------------------------- the Python


def required_python(pyproject_text):
    """(major, minor) from pyproject.toml's `requires-python = ">=3.11"`, the one place it is written."""
    found = re.search(r'^requires-python\s*=\s*">=\s*(\d+)\.(\d+)', pyproject_text, re.M)
    if not found:
        raise SetupError('pyproject.toml has no `requires-python = ">=3.N"` line')
    return int(found.group(1)), int(found.group(2))


def dotted(version):
    return ".".join(str(n) for n in version[:2])


def venv_python(venv, os_name=os.name):
    """The virtualenv's interpreter: `Scripts\\python.exe` on Windows, `bin/python` elsewhere."""
    if os_name == "nt":
        return os.path.join(venv, "Scripts", "python.exe")
    return os.path.join(venv, "bin", "python")


def _ask(python, code, timeout):
    """(exit status, stdout, stderr) of `python -c code`; OSError or TimeoutExpired when it does not run."""
    # Not `text=` nor `capture_output=`: this file runs on Python 3.6 (see the module's docstring).
    done = subprocess.run(
        [python, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=timeout,
    )
    return done.returncode, done.stdout.strip(), done.stderr.strip()


def _version_of(python):
    """(major, minor) of the interpreter at `python`, or None when it does not start."""
    try:
        status, out, _ = _ask(python, "import sys; print('%d.%d' % sys.version_info[:2])", 30)
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.match(r"(\d+)\.(\d+)$", out)
    return (int(found.group(1)), int(found.group(2))) if status == 0 and found else None


def other_pythons(required):
    """Pythons new enough that this machine has on PATH, as (command, (major, minor)): what to suggest."""
    found = []
    for minor in range(required[1], required[1] + 6):
        command = f"python{required[0]}.{minor}"
        path = shutil.which(command)
        # A version manager's shim can be on PATH for a version it will not run: ask the interpreter itself.
        version = _version_of(path) if path else None
        if version and version >= required:
            found.append((command, version))
    return found


def how_to_install(required, platform):
    """What to install on this platform, in one sentence."""
    v = dotted(required)
    if platform == "win32":
        where = f"from https://www.python.org/downloads/ (or `winget install Python.Python.{v}`)"
    elif platform == "darwin":
        where = f"from https://www.python.org/downloads/ or with Homebrew (`brew install python@{v}`)"
    else:
        where = (
            f"with your package manager (Debian, Ubuntu and WSL: `sudo apt install python{v} python{v}-venv`) "
            "or from https://www.python.org/downloads/"
        )
    return f"Install Python {v} or newer {where}."


def run_again(command, verb, platform):
    """The command that runs `verb` again with the Python `command` (python3.12 or so)."""
    if platform == "win32":
        return f"py -{command[len('python') :]} tools\\bootstrap.py {verb}"
    if os.environ.get("MAKE_GOALS"):
        # Started by make (its Makefile passes what was asked of it): that is what to type again.
        return f"make {os.environ['MAKE_GOALS']} PYTHON={command}"
    return f"{command} tools/bootstrap.py {verb}"


def check_python(version, required, executable, verb="setup", platform=sys.platform):
    """Refuses a Python older than `required` (or None: one that does not start), saying which one it is and
    what to run instead."""
    if version is not None and tuple(version[:2]) >= required:
        return
    this = f"Python {dotted(version)}" if version else "a Python that does not start"
    lines = [f"the course needs Python {dotted(required)} or newer; this is {this} ({executable})."]
    newer = other_pythons(required)
    if newer:
        command, found = newer[-1]
        lines.append(
            f"This machine also has Python {dotted(found)}: run `{run_again(command, verb, platform)}`."
        )
    else:
        lines.append(how_to_install(required, platform))
        lines.append(f"Then run `{run_again('python' + dotted(required), verb, platform)}`.")
    raise SetupError("\n".join(lines))


def check_venv_support(version, platform=sys.platform):
    """Can this Python make a virtualenv with pip in it? Debian and Ubuntu ship that part apart."""
    if importlib.util.find_spec("venv") and importlib.util.find_spec("ensurepip"):
        return
    if platform.startswith("linux"):
        hint = f"On Debian, Ubuntu and WSL: `sudo apt install python{dotted(version)}-venv`, then run this again."
    else:
        hint = "Install Python from https://www.python.org/downloads/, which has it."
    raise SetupError("this Python cannot make a virtualenv with pip in it (no `ensurepip` module). " + hint)


def base_python():
    """(interpreter, (major, minor)) to make `.venv/` with: this one, or, when this one is itself a virtualenv's
    (perhaps the very one about to be deleted), the Python that virtualenv was made from."""
    if sys.prefix != getattr(sys, "base_prefix", sys.prefix):
        base = getattr(sys, "_base_executable", None)
        if base and os.path.abspath(base) != os.path.abspath(sys.executable):
            return base, _version_of(base)
    return sys.executable, tuple(sys.version_info[:2])


# ----------------------------------------------------------------------------------------- the virtualenv


def venv_problem(venv, required, os_name=os.name):
    """Why `venv` cannot be used as it is (a sentence), or None when it can."""
    python = venv_python(venv, os_name)
    if not os.path.lexists(python):
        return "it holds no Python (a first run may have stopped while making it)"
    try:
        status, out, err = _ask(python, "import sys, pip; print('%d.%d' % sys.version_info[:2])", 60)
    except (OSError, subprocess.SubprocessError) as error:
        why = getattr(error, "strerror", None) or error
        return (
            f"its Python does not start ({why}): the Python it was made from was moved, upgraded or removed"
        )
    if status != 0:
        if re.search(r"No module named '?pip\b", err):
            return "it has no pip (made without `python3.X-venv`, or a first run stopped while making it)"
        return "its Python fails: " + (err.splitlines() or ["(no message)"])[-1]
    found = re.match(r"(\d+)\.(\d+)$", out)
    if not found or (int(found.group(1)), int(found.group(2))) < required:
        return f"it was made with Python {out}, older than {dotted(required)}"
    return None


def make_venv(venv, python):
    say(f"creating the virtualenv .venv/ with {python}")
    if subprocess.run([python, "-m", "venv", venv]).returncode != 0:
        # Never leave a half-made one behind: the next run would meet it.
        shutil.rmtree(venv, ignore_errors=True)
        raise SetupError(
            "could not create .venv/ (the messages above say why). On Debian, Ubuntu and WSL the "
            "`python3.X-venv` package is often what is missing."
        )


def remove_venv(venv, why):
    say(f".venv/ cannot be used: {why}. Making it again.")
    try:
        shutil.rmtree(venv)
    except OSError as error:
        raise SetupError(
            f"could not delete .venv/ ({error}). Close what runs from it (JupyterLab, a terminal with it "
            "activated), or delete the folder yourself, then run this again."
        ) from None


# --------------------------------------------------------------------------------------------- installing


def torch_pin(lock_text):
    """The `torch==X` line of the lock, or None when it pins no torch."""
    found = re.search(r"^torch==([^\s;#]+)", lock_text, re.M)
    return "torch==" + found.group(1) if found else None


def torch_index(environ=os.environ, platform=sys.platform):
    """(index, explicit): where torch comes from. TORCH_INDEX when set (empty: pip's own index, PyPI);
    otherwise the CPU index on Linux and pip's own index elsewhere."""
    if "TORCH_INDEX" in environ:
        return environ["TORCH_INDEX"].strip(), True
    return (CPU_INDEX if platform.startswith("linux") else ""), False


def torch_installs(pin, index, explicit):
    """The pip arguments that install torch, one list per try, in order: the first that succeeds wins.

    With the default index, a wheel pip already has offline (its configured find-links) is tried first, with
    `--no-index`: it answers at once, found or not, so a machine with a local wheel folder never waits on an
    index it cannot reach. `--no-deps`: torch's own dependencies are pinned in the lock, installed next."""
    tries = []
    if index and not explicit:
        tries.append(["--no-index", "--no-deps", pin])
    tries.append(["--no-deps", pin] + (["--index-url", index] if index else []))
    return tries


def digest(*parts):
    h = hashlib.sha256()
    for part in parts:
        h.update(part)
        h.update(b"\0")
    return h.hexdigest()


def _read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def pip(python, args, silent=False):
    """Runs `pip install` with the virtualenv's Python; its exit status. Silent: a try whose failure is no news."""
    out = subprocess.DEVNULL if silent else None
    return subprocess.run([python] + PIP + ["--quiet"] + args, stdout=out, stderr=out).returncode


def install(python, lock_text, environ=os.environ, platform=sys.platform):
    """Installs the lock (`install_lock`), then the course package, editable, into the virtualenv of `python`."""
    install_lock(python, lock_text, environ, platform)
    say("installing the course package (autograder), editable")
    if pip(python, ["--no-deps", "--no-build-isolation", "-e", ROOT]) != 0:
        raise SetupError("pip could not install the course package (its messages are above).")


def install_lock(python, lock_text, environ=os.environ, platform=sys.platform):
    """Installs torch on its own (step 3 of this file's docstring), then the rest of the lock (step 4)."""
    pin = torch_pin(lock_text)
    if pin:
        index, explicit = torch_index(environ, platform)
        *tries, last = torch_installs(pin, index, explicit)
        where = f"from {index}" if index else "from pip's index"
        offline = " unless pip has it offline" if tries else ""
        say(f"installing {pin} on its own, {where}{offline}")
        installed = any(pip(python, args, silent=True) == 0 for args in tries) or pip(python, last) == 0
        if not installed:
            raise SetupError(
                f"pip could not install {pin} (its messages are above). Check the network, or choose another "
                "index with TORCH_INDEX (see tools/bootstrap.py), then run this again."
            )
    say("installing the pinned packages from requirements.lock (a few minutes the first time)")
    if pip(python, ["-r", LOCK]) != 0:
        raise SetupError("pip could not install requirements.lock (its messages are above); run this again.")


def setup(verb="setup", environ=os.environ, platform=sys.platform):
    """Makes `.venv/` ready (steps 1 to 5 of this file's docstring); returns its interpreter."""
    required = required_python(_read(PYPROJECT))
    why = venv_problem(VENV, required) if os.path.lexists(VENV) else None
    if why or not os.path.lexists(VENV):
        # The Python that makes the new one is checked before anything is deleted or made.
        base, version = base_python()
        check_python(version, required, base, verb, platform)
        check_venv_support(version, platform)
        if why:
            remove_venv(VENV, why)
        make_venv(VENV, base)
        why = venv_problem(VENV, required)
        if why:
            shutil.rmtree(VENV, ignore_errors=True)
            raise SetupError(f"the new .venv/ cannot be used either: {why}.")
    python = venv_python(VENV)
    want = digest(_read(LOCK, "rb"), _read(PYPROJECT, "rb"))
    if os.path.exists(READY):
        if _read(READY).strip() == want:
            return python
        # From here on an interruption must not leave a stamp that says the install is complete.
        os.remove(READY)
    install(python, _read(LOCK), environ, platform)
    with open(READY, "w") as f:
        f.write(want + "\n")
    say(".venv/ is ready")
    return python


def lab(python, args):
    """Runs tools/lab.py with the virtualenv's Python, as `make lab` does; returns its exit status."""
    proc = subprocess.Popen([python, os.path.join(ROOT, "tools", "lab.py")] + args)
    # Ctrl+C reaches JupyterLab from the terminal directly (it asks before stopping): this process only waits.
    # A stop sent to this process alone is passed on, as tools/lab.py does (Windows has no SIGHUP).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for stop in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if stop is not None:
            signal.signal(stop, lambda signum, frame: proc.send_signal(signum))
    return proc.wait()


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "verb", choices=("setup", "lab"), help="setup: make .venv/ ready; lab: then open JupyterLab"
    )
    args, rest = parser.parse_known_args(argv)
    if args.verb == "setup" and rest:
        parser.error("setup takes no options: " + " ".join(rest))
    try:
        python = setup(args.verb)
    except SetupError as error:
        for line in str(error).splitlines():
            say(line)
        return 1
    except KeyboardInterrupt:
        say("stopped; run this again to finish (what is installed is kept)")
        return 130
    return lab(python, rest) if args.verb == "lab" else 0


if __name__ == "__main__":
    sys.exit(main())
