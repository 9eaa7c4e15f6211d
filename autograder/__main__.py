import os
import sys

# `python -m autograder` puts the folder it was started from first on sys.path. The grader runs as root and
# that folder may be writable by students (a class folder, /tmp): a planted `matplotlib.py` there must never
# be imported. The package itself is already loaded; every later import comes from the installed paths.
sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]

if len(sys.argv) > 1 and sys.argv[1] == "grade":
    # Everything class grading will import, imported before any student code has run anywhere.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401

from autograder.cli import main  # noqa: E402

sys.exit(main())
