"""nbgrader's settings that every user of the hub shares: the course and where its exchange is.

On a hub this file is /etc/jupyter/nbgrader_config.py (or in any folder of JUPYTER_CONFIG_PATH), readable by
every user. The instructor's course directory has its own nbgrader_config.py besides (this repository's:
source, release and gradebook), read when nbgrader runs there.

The exchange is a folder every user can write to, with the sticky bit, made once by root:
`install -d -m 1777 /srv/nbgrader/exchange`. nbgrader then makes the course's folders in it with the
permissions it documents: `outbound/` readable by everyone, `inbound/` writable but not listable by students
(0733), `feedback/` not listable (0711); submissions and feedback are named with random parts, so a student can
find only their own. NBGRADER_EXCHANGE moves it (the tests use a temporary folder).
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "nnmodule-course"
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")
