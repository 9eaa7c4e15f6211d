"""Do hidden probes catch a submission that only reproduces the public outputs, which the kit's self-check allows?"""

from __future__ import annotations

import hashlib

import pytest
import torch

from autograder import oracle
from autograder.exercises import EXERCISES
from autograder.exercises.spec import PUBLIC, ProbeSet
from autograder.grading import grade_namespace, probes_for

SECRET = ProbeSet("a secret only the instructor holds")


def _public_outputs() -> dict[str, list]:
    """sha256 of each public forward input -> the reference's output on it, for LeNet."""
    exercise = EXERCISES["lenet"]
    probes = probes_for(exercise, PUBLIC)
    expected = oracle.get().expected(exercise, probes, PUBLIC)
    table = {}
    for probe, seen in zip(probes, expected, strict=True):
        for call, out in zip(probe.params["calls"], seen["outputs"], strict=True):
            (x,) = call["inputs"]
            table[hashlib.sha256(x.numpy().tobytes()).hexdigest()] = out["tensor"].tolist()
    return table


# A LeNet with the right layers whose forward looks its answer up in the public outputs (TABLE).
CHEAT = """
import hashlib
import torch
from torch import nn

TABLE = {table}


class LeNet(nn.Module):
    def __init__(self, in_channels=3, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(in_channels, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(400, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, num_classes)
        self.num_classes = num_classes

    def forward(self, x):
        key = hashlib.sha256(x.detach().numpy().tobytes()).hexdigest()
        if key in TABLE:
            return torch.tensor(TABLE[key])
        return torch.zeros(x.shape[0], self.num_classes)
"""


def _cheat() -> dict:
    namespace: dict = {"__name__": "submission"}
    exec(compile(CHEAT.format(table=repr(_public_outputs())), "cheat.py", "exec"), namespace)
    return namespace


def test_hidden_probes_differ_from_public_ones():
    """Are hidden probes other weights and inputs than the public ones, the same for the same secret?"""
    exercise = EXERCISES["lenet"]
    public = probes_for(exercise, PUBLIC)[0].params
    hidden = probes_for(exercise, SECRET)[0].params
    again = EXERCISES["lenet"].probes(ProbeSet(SECRET.secret))[0].params
    assert not torch.equal(public["state"]["conv1.weight"], hidden["state"]["conv1.weight"])
    assert not torch.equal(public["calls"][0]["inputs"][0], hidden["calls"][0]["inputs"][0])
    assert torch.equal(hidden["state"]["conv1.weight"], again["state"]["conv1.weight"])
    assert PUBLIC.offset("lenet") == 0 and SECRET.offset("lenet") != SECRET.offset("freeze")


def test_public_outputs_pass_the_self_check_and_fail_grading():
    """Does the hard-coded answer pass on the public probes and fail `forward` on the hidden ones?"""
    cheat = _cheat()
    public = grade_namespace(cheat, ["lenet"], probe_set=PUBLIC).exercises[0]
    assert public.passed, [(c.name, c.message()) for c in public.checks if not c.passed]
    hidden = grade_namespace(cheat, ["lenet"], probe_set=SECRET).exercises[0]
    failed = {c.name for c in hidden.checks if not c.passed}
    assert "forward" in failed, [(c.name, c.passed) for c in hidden.checks]


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_reference_passes_hidden_probes(exercise_id):
    """Does the reference itself pass every check on hidden probes (so a hidden probe never fails a right answer)?"""
    from autograder.answers.live import reference_names

    exercise = EXERCISES[exercise_id]
    result = grade_namespace(reference_names(exercise), [exercise_id], probe_set=SECRET).exercises[0]
    assert result.passed, [(c.name, c.message()) for c in result.checks if not c.passed]


def _cheat_file(path) -> str:
    path.write_text(CHEAT.format(table=repr(_public_outputs())))
    return str(path)


def _cli(*args, env=None):
    import os
    import subprocess
    import sys

    environment = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "autograder", *map(str, args)], capture_output=True, text=True, env=environment
    )


@pytest.mark.slow
def test_check_hidden_needs_the_secret_and_fails_the_cheat(tmp_path):
    """Does `check --hidden` refuse without a secret, and fail on the hidden probes what passes the public ones?"""
    import json

    cheat = _cheat_file(tmp_path / "cheat.py")
    no_secret = _cli("check", cheat, "--exercise", "lenet", "--hidden", env={"AUTOGRADER_SECRET": ""})
    assert no_secret.returncode == 2 and "secret" in no_secret.stderr, no_secret.stderr
    public = json.loads(_cli("check", cheat, "--exercise", "lenet", "--format", "json").stdout)
    assert public["score"] == public["max_score"], public
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET.secret)
    hidden = _cli(
        "check", cheat, "--exercise", "lenet", "--format", "json", "--hidden", "--secret-file", secret_file
    )
    report = json.loads(hidden.stdout)
    checks = {c["name"]: c["passed"] for c in report["exercises"][0]["checks"]}
    assert checks["forward"] is False and checks["parameter_names"] is True, checks


@pytest.mark.slow
def test_grade_draws_hidden_probes_from_a_secret_it_keeps(tmp_path):
    """Does `grade` grade on hidden probes by default, from a secret it makes once (owner-only) and reuses, and
    on the public ones with --public?"""
    import csv
    import stat

    submitted = tmp_path / "submitted" / "mallory" / "01_modules"
    submitted.mkdir(parents=True)
    _cheat_file(submitted / "01_modules.py")

    def total(out) -> str:
        with open(out / "totals.csv", newline="") as f:
            return next(csv.DictReader(f))["01_modules"]

    out = tmp_path / "grading"
    done = _cli("grade", tmp_path / "submitted", "--out", out, "--quiet", env={"AUTOGRADER_SECRET": ""})
    assert done.returncode == 0, done.stdout + done.stderr
    secret = out / "secret.txt"
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    first = secret.read_text()
    hidden_total = total(out)
    again = _cli("grade", tmp_path / "submitted", "--out", out, "--quiet", env={"AUTOGRADER_SECRET": ""})
    assert again.returncode == 0 and secret.read_text() == first and total(out) == hidden_total
    public_out = tmp_path / "public"
    done = _cli("grade", tmp_path / "submitted", "--out", public_out, "--quiet", "--public")
    assert done.returncode == 0, done.stderr
    assert float(total(public_out)) > float(hidden_total), (total(public_out), hidden_total)
    assert not (public_out / "secret.txt").exists()


@pytest.mark.parametrize("exercise_id", sorted(EXERCISES))
def test_hidden_probes_are_other_probes(exercise_id):
    """Does every exercise try other weights, inputs or fixture seeds on the hidden probes than on the public
    ones (so that no exercise can be passed by replaying its public observations)?"""
    from autograder.oracle.fingerprint import fingerprint

    exercise = EXERCISES[exercise_id]
    public, hidden = probes_for(exercise, PUBLIC), probes_for(exercise, SECRET)
    assert len(public) == len(hidden)
    pairs = [(fingerprint(a), fingerprint(b), a.driver) for a, b in zip(public, hidden, strict=True)]
    assert any(a != b for a, b, _ in pairs)
    # Every probe that draws weights (a module's) differs; a probe that draws nothing (make_vgg_layers' list
    # of layers for a configuration) may stay as it is.
    assert all(a != b for a, b, driver in pairs if driver == "module"), pairs
