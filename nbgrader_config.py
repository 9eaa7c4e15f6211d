"""nbgrader's configuration for this course: solutions/ is the source, exercises/ the release.

Instructors: see the README's instructor section. `make exercises` regenerates exercises/ from solutions/.
"""

import os

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.course_id = "nnmodule-course"
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# nbgrader's own SQLite gradebook, in the course directory.
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")
# A graded cell runs the student's whole module several times (ResNet-18, U-Net): give it time, but not forever.
c.ExecutePreprocessor.timeout = 300
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
