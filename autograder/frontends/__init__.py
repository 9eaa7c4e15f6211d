"""Front ends: thin layers over `autograder.grading` (CLI, notebook API, pytest plugin, nbgrader cells)."""
