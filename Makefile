# The verbs of this project. `make lab` and `make test` are all a newcomer needs.
# `make lab PYTHON=python3.12` picks the Python that makes .venv/ (3.11 or newer); `make clean` deletes it.
# On Linux torch is the CPU build; `make setup TORCH_INDEX=<index>` (after `make clean`) picks another.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The PATH this make started with: .venv/ must never make the Python that (re)builds .venv/.
HOST_PATH := $(PATH)
# Tools started by other tools (nbgrader runs alembic, kernels run from the venv) must find the venv first.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: setup lab test lint format exercises student-kit benchmark clean

# Checks the Python, then makes .venv/ (again, when a half-made one is there) and installs the pinned packages
# when requirements.lock or pyproject.toml changed; otherwise it only checks, in a fraction of a second.
# tools/bootstrap.py says what it does, one line a step.
setup:
	@PATH='$(HOST_PATH)' MAKE_GOALS='$(or $(MAKECMDGOALS),setup)' $(PYTHON) tools/bootstrap.py setup

# The student's lab, on their own copies in workspace/ (tools/lab.py says what it does, step by step).
# `make lab PORT=8899 NOBROWSER=1` picks the port and only prints the URL.
lab: setup
	@$(BIN)/python tools/lab.py $(if $(PORT),--port $(PORT)) $(if $(filter-out 0,$(NOBROWSER)),--no-browser)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/python -m pytest -n 2

# Solution cells from autograder/answers, then the student notebooks from nbgrader (never edit exercises/).
exercises: setup
	$(BIN)/python -m autograder.answers.sync

# The course for the students of a graded course, without the answers: dist/student-kit/ and its .zip
# (tools/student_kit.py says what goes in; the build fails if any file of it holds a reference solution).
student-kit: setup
	$(BIN)/python tools/student_kit.py

benchmark: setup
	$(BIN)/python benchmarks/notebooks.py
	$(BIN)/python benchmarks/grade_class.py --students 10 --workers 2

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache dist
