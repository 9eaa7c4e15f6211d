# The verbs of this project. `make lab` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
# Tools started by other tools (nbgrader runs alembic, kernels run from the venv) must find the venv first.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: setup lab test lint format exercises benchmark clean

setup: $(READY)

# Rebuilt whenever the pins or the package metadata change.
$(READY): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(READY)

# As root (containers, Binder) JupyterLab needs to be told that this is intended.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: $(READY)
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir="$(CURDIR)" --ServerApp.default_url=/lab/tree/course

lint: $(READY)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(READY)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint
	$(BIN)/python -m pytest -n 2

# Solution cells from autograder/reference, then the student notebooks from nbgrader (never edit exercises/).
exercises: $(READY)
	$(BIN)/python -m autograder.frontends.assignments

benchmark: $(READY)
	$(BIN)/python benchmarks/notebooks.py
	$(BIN)/python benchmarks/grade_class.py --students 10 --workers 2

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
