# The verbs of this project. `make lab` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
# Tools started by other tools (nbgrader runs alembic, kernels run from the venv) must find the venv first.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: setup lab test lint format exercises student-kit benchmark clean

setup: $(READY)

# Rebuilt whenever the pins or the package metadata change.
$(READY): requirements.lock pyproject.toml
	@test -x $(BIN)/python || { echo "setup: creating the virtualenv $(VENV)/"; $(PYTHON) -m venv $(VENV); }
	@echo "setup: installing the pinned packages from requirements.lock (a few minutes the first time)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@echo "setup: installing the course package (autograder), editable"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(READY)

# The student's lab, on their own copies in workspace/ (tools/lab.py says what it does, step by step).
# `make lab PORT=8899 NOBROWSER=1` picks the port and only prints the URL.
lab: $(READY)
	@$(BIN)/python tools/lab.py $(if $(PORT),--port $(PORT)) $(if $(filter-out 0,$(NOBROWSER)),--no-browser)

lint: $(READY)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(READY)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/python -m pytest -n 2

# Solution cells from autograder/answers, then the student notebooks from nbgrader (never edit exercises/).
exercises: $(READY)
	$(BIN)/python -m autograder.answers.sync

# The course for the students of a graded course, without the answers: dist/student-kit/ and its .zip
# (tools/student_kit.py says what goes in; the build fails if any file of it holds a reference solution).
student-kit: $(READY)
	$(BIN)/python tools/student_kit.py

benchmark: $(READY)
	$(BIN)/python benchmarks/notebooks.py
	$(BIN)/python benchmarks/grade_class.py --students 10 --workers 2

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache dist
