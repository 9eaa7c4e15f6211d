"""JupyterHub for this course: one Unix account per person, each person's server run as them.

An instructor's account and one per student, all real Unix users on the hub's machine; they log in with their
Unix password (PAM). The hub runs as root and starts each user's `jupyterhub-singleuser` as that user, from the
users' environment (this repository's requirements.lock and the `autograder` package, installed where every
user can run it). nbgrader's exchange is a folder on the same machine (see nbgrader_config.py next to this file).

docs/jupyterhub.md takes an instructor through it; tests/test_jupyterhub.py runs this file as it is. A few
settings come from the environment, so the same file serves a machine and the test:

    COURSE_INSTRUCTORS   instructors' user names, separated by spaces (default: "instructor")
    COURSE_STUDENTS      students' user names, separated by spaces; only these and the instructors may log in
    COURSE_USERS_BIN     the users' environment's bin/ folder (default: /opt/nnmodule-course/bin)

and NBGRADER_EXCHANGE and JUPYTER_CONFIG_PATH, when set, are passed on to every user's server (a machine leaves
them unset: the exchange is then /srv/nbgrader/exchange and the shared nbgrader_config.py lies in /etc/jupyter).
Ports and the hub's own state (database, cookie secret) are the hub's defaults: in its working folder, or the
command line's `--JupyterHub.bind_url=...`.
"""

import os
import sys

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

INSTRUCTORS = set(os.environ.get("COURSE_INSTRUCTORS", "instructor").split())
STUDENTS = set(os.environ.get("COURSE_STUDENTS", "").split())
USERS_BIN = os.environ.get("COURSE_USERS_BIN", "/opt/nnmodule-course/bin")

# Real Unix users, by their password. Nobody is a hub admin: an admin could open every student's server.
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = INSTRUCTORS | STUDENTS
c.Authenticator.admin_users = set()
c.PAMAuthenticator.open_sessions = False

# Each user's server, as that user, from the users' environment; nothing of the hub's own environment but PATH
# (which names the users' environment first, so terminals and nbgrader's tools find its commands).
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [os.path.join(USERS_BIN, "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.environment = {"PATH": f"{USERS_BIN}:/usr/local/bin:/usr/bin:/bin"}
for name in ("NBGRADER_EXCHANGE", "JUPYTER_CONFIG_PATH"):
    if name in os.environ:
        c.Spawner.environment[name] = os.environ[name]
# The first start imports JupyterLab's and nbgrader's extensions on a busy machine: give it time.
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180

# The proxy is the pip-installable one in the hub's own environment (a TLJH or z2jh hub brings its own proxy
# and ignores this line).
c.ConfigurableHTTPProxy.command = [os.path.join(os.path.dirname(sys.executable), "configurable-http-proxy")]

# formgrader under JupyterHub 4.1 and later: every server sends `Content-Security-Policy: frame-ancestors
# 'none'`, so JupyterLab's Formgrader tab, an iframe, stays blank (nbgrader #1870). nbgrader reverted its own
# fix (#1947) because any page on the hub's origin could then frame an instructor's server. We keep the
# header: the instructor opens formgrader in a browser tab of its own, /user/<instructor>/formgrader, where it
# is the page itself, not a frame, and works (the test checks both: the header is there, the page shows the
# grades).
