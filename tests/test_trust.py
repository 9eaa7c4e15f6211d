"""Is the child treated as the student's debugger, and the channel as a liar?

The child's memory, frames and environment belong to the student: nothing that tells an answer, or anything of
the instructor's, may be there before the student's observation is committed. Everything the child sends is
checked before it is believed, and whatever breaks while reading it is the submission's failure. A submission
gets its CPU share and no more, so it cannot cost a classmate points. (The attacks themselves, as students
would write them, are in tests/hostile/.)
"""

from __future__ import annotations

import json
import os
import struct
import subprocess

import pytest
import torch
from conftest import PYTHON, ROOT

from autograder.jailed import codec, jail, sealed, seccomp
from autograder.sandbox import cgroups, runner, schema
from autograder.sandbox.runner import GraderFault, Sandbox, SandboxFailure

IS_ROOT = os.geteuid() == 0


def _frame(tree, body: bytes = b"") -> tuple[bytes, int]:
    header = json.dumps(tree).encode()
    return header + body, len(header)


MALFORMED = {
    "nested_200k": (b"[" * 200_000 + b"]" * 200_000, 400_000),
    "negative_shape": _frame({"t": {"__tensor__": ["float32", [-2, -2], 0, 16]}}, b"\0" * 16),
    "float_offset": _frame({"t": {"__tensor__": ["float32", [2], 0.5, 8]}}, b"\0" * 8),
    "string_shape": _frame({"t": {"__tensor__": ["float32", "2", 0, 8]}}, b"\0" * 8),
    "bool_dimension": _frame({"t": {"__tensor__": ["float32", [True, 2], 0, 8]}}, b"\0" * 8),
    "unknown_dtype": _frame({"t": {"__tensor__": ["object", [1], 0, 8]}}, b"\0" * 8),
    "too_many_dims": _frame({"t": {"__tensor__": ["uint8", [1] * 40, 0, 1]}}, b"\0"),
    "outside_body": _frame({"t": {"__tensor__": ["uint8", [64], 0, 64]}}, b"\0" * 8),
    "huge_dimension": _frame({"t": {"__tensor__": ["uint8", [0, 10**30], 0, 0]}}),
    "bytes_not_a_pair": _frame({"b": {"__bytes__": 7}}),
    "bytes_negative": _frame({"b": {"__bytes__": [-1, 2]}}, b"\0" * 4),
    "marker_unknown_kind": _frame({"u": {"__unsendable__": ["gpu", "x"]}}),
    "deep_but_parsable": _frame(json.loads("[" * 60 + "]" * 60)),
    "header_longer_than_frame": (b"{}", 10),
    "not_json": (b"\xff\xfe{", 3),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_every_malformed_frame_is_a_malformed_message(name):
    """Does any hand-written frame, however it is broken, raise Malformed (the peer's fault) and nothing else?"""
    frame, header_len = MALFORMED[name]
    with pytest.raises(codec.Malformed):
        codec.decode(frame, header_len)


def test_a_well_formed_frame_still_decodes():
    """Do the checks refuse only what is malformed (a tensor, bytes and a marker still cross)?"""
    value = {
        "t": torch.arange(6, dtype=torch.float32).reshape(2, 3),
        "b": b"ab",
        "u": codec.Unsendable("meta"),
    }
    frame = codec.encode(value)
    total, header_len = codec.HEADER.unpack(frame[: codec.HEADER.size])
    back = codec.decode(bytearray(frame[codec.HEADER.size :]), header_len)
    assert torch.equal(back["t"], value["t"]) and back["b"] == b"ab" and back["u"] == value["u"]


def test_frames_over_the_limits_are_refused_before_they_are_read():
    """Is the grader's memory per message bounded, whatever size a child claims?"""
    import socket

    ours, theirs = socket.socketpair()
    theirs.sendall(codec.HEADER.pack(codec.MAX_FRAME + 1, 10))
    with pytest.raises(codec.Malformed):
        codec.recv(ours, deadline=None)
    theirs.sendall(codec.HEADER.pack(codec.MAX_HEADER + 10, codec.MAX_HEADER + 1))
    with pytest.raises(codec.Malformed):
        codec.recv(ours, deadline=None)


FORGED_MODULE_OBSERVATIONS = {
    "string_shape": {"structure": {"parameters": [["weight", "(3, 4)", "float32", True]]}},
    "negative_dimension": {"structure": {"parameters": [["weight", [-3, 4], "float32", True]]}},
    "structure_not_a_dict": {"structure": [1, 2]},
    "output_not_a_tensor": {"outputs": [{"type": "Tensor", "tensor": "1, 2, 3"}]},
    "trace_step_short": {"trace": [["conv1", "Conv2d"]]},
    "error_not_an_error": {"error": {"score": 10}},
    "error_as_text": {"error": "ValueError: bad"},
    "load_missing_not_names": {"load": {"error": None, "missing": [1, 2], "unexpected": []}},
    "output_error_as_text": {"outputs": [{"error": "ValueError: bad"}]},
    "strict_load_error_as_text": {"strict_load": "RuntimeError: bad"},
    "gradients_error_not_an_error": {"gradients": {"error": ["ValueError"]}},
    "sequence_error_not_an_error": {"sequence": {"len": {"value": 2}, "items": [{"error": 1}]}},
}


@pytest.mark.parametrize("name", sorted(FORGED_MODULE_OBSERVATIONS))
def test_a_forged_observation_is_refused_before_any_check_reads_it(name):
    """Does an observation of the wrong form (a string where a shape belongs) fail validation, naming where?"""
    with pytest.raises(schema.Invalid) as invalid:
        schema.validate("module", FORGED_MODULE_OBSERVATIONS[name])
    assert invalid.value.path and invalid.value.path.split(".")[0] in FORGED_MODULE_OBSERVATIONS[name]


ERROR = {
    "type": "ValueError",
    "message": "bad",
    "frames": [{"function": "forward", "file": {"kind": "cell", "number": 4}, "line": 11, "code": "y = x"}],
    "cause": None,
}
FRAME = ERROR["frames"][0]
MALFORMED_ERRORS = {
    "message_not_text": {**ERROR, "message": 3},
    "message_too_long": {**ERROR, "message": "x" * 100_000},
    "type_too_long": {**ERROR, "type": "E" * 10_000},
    "no_frames": {k: v for k, v in ERROR.items() if k != "frames"},
    "frames_not_a_list": {**ERROR, "frames": FRAME},
    "four_frames": {**ERROR, "frames": [FRAME] * 4},
    "frame_line_text": {**ERROR, "frames": [{**FRAME, "line": "11"}]},
    "frame_line_bool": {**ERROR, "frames": [{**FRAME, "line": True}]},
    "frame_code_too_long": {**ERROR, "frames": [{**FRAME, "code": "y" * 100_000}]},
    "frame_extra_key": {**ERROR, "frames": [{**FRAME, "locals": {"secret": 1}}]},
    "frame_file_a_list": {**ERROR, "frames": [{**FRAME, "file": ["cell", 4]}]},
    "frame_cell_unknown_kind": {**ERROR, "frames": [{**FRAME, "file": {"kind": "disk", "path": "/etc"}}]},
    "frame_cell_number_text": {**ERROR, "frames": [{**FRAME, "file": {"kind": "cell", "number": "4"}}]},
    "frame_cell_kernel": {**ERROR, "frames": [{**FRAME, "file": {"kind": "kernel_cell", "number": 4}}]},
    "unknown_cause": {**ERROR, "cause": "gremlins"},
    "cause_a_list": {**ERROR, "cause": ["stub"]},
    "cause_without_its_facts": {**ERROR, "cause": "not_defined"},
    "facts_without_their_cause": {**ERROR, "name": "LeNet"},
    "extra_key": {**ERROR, "hint": "full marks"},
}


@pytest.mark.parametrize("name", sorted(MALFORMED_ERRORS))
def test_a_malformed_student_error_is_an_invalid_observation(name):
    """Does the grader refuse a student's error of the wrong form (wrong types, too many frames, text longer
    than the child ever sends), wherever it stands, as an invalid observation naming where?"""
    assert schema.valid_error(ERROR)
    bad = MALFORMED_ERRORS[name]
    assert not schema.valid_error(bad)
    for driver, observation, path in [
        ("module", {"error": bad}, "error"),
        ("freeze", {"error": bad}, "error"),
        ("module", {"outputs": [{"error": bad}]}, "outputs"),
        ("module", {"load": {"error": bad, "missing": [], "unexpected": []}}, "load.error"),
        ("module", {"sequence": {"len": {"raised": "E", "error": bad}, "items": []}}, "sequence.len.error"),
        ("freeze", {"cases": [{"frozen_before": []}, {"error": bad, "frozen_before": []}]}, "cases.*.error"),
        ("extract_features", {"cases": [{"raised": {"type": "E", "error": bad}}]}, "cases.*.raised.error"),
        ("buffers_after_calls", {"steps": [{"output": {"error": bad}}]}, "steps.*.output"),
    ]:
        with pytest.raises(schema.Invalid) as invalid:
            schema.validate(driver, observation)
        assert invalid.value.path == path


def test_well_formed_student_errors_pass():
    """Does every form an honest child sends pass: each cause with its facts, each place of a cell, and text
    clipped as the child clips it?"""
    from autograder.jailed.observe.common import MAX_MESSAGE, error_dict

    clipped = codec.clip("\x1b" * 5000, MAX_MESSAGE)  # every kept character escaped, and a note of the cut
    for error in [
        ERROR,
        error_dict("ValueError", clipped),
        error_dict("NotImplementedError", cause="stub"),
        error_dict("SystemExit", "0", cause="exit"),
        error_dict("", cause="not_defined", name="LeNet"),
        error_dict("", cause="not_module", name="LeNet", found="dict"),
        error_dict("", cause="too_large", megabytes=256),
        {**ERROR, "frames": [{**FRAME, "file": {"kind": "script", "file": "a.py"}, "code": ""}]},
        {**ERROR, "frames": [{**FRAME, "file": {"kind": "script_cell", "file": "a.py", "line": 5}}] * 3},
        {**ERROR, "frames": [{**FRAME, "file": "helpers.py"}]},
    ]:
        assert schema.valid_error(error), error
        assert schema.validate("module", {"error": error}) == {"error": error}


def test_a_reference_observation_has_its_drivers_form():
    """Is the schema right about honest observations (the reference's own pass it)?"""
    from autograder import oracle
    from autograder.exercises import EXERCISES
    from autograder.exercises.spec import PUBLIC
    from autograder.grading import probes_for

    for exercise_id in ("lenet", "mylinear", "my_sequential", "unet"):
        exercise = EXERCISES[exercise_id]
        probes = probes_for(exercise)
        for probe, observed in zip(probes, oracle.get().expected(exercise, probes, PUBLIC), strict=True):
            schema.validate(probe.driver, observed)


def test_sealed_values_are_split_from_what_the_child_gets_first():
    """Are the reference's weights (state, strict_state) held back from the request that builds the module?"""
    shown, hidden = sealed.split(
        {"factory": "LeNet", "state": {"w": 1}, "strict_state": {"w": 2}, "calls": []}
    )
    assert set(shown) == {"factory", "calls"} and set(hidden) == {"state", "strict_state"}


def test_the_sealed_memfd_cannot_be_written_by_whoever_receives_it():
    """Can a child that got a probe's weights change them for the next student? (The memfd is sealed.)"""
    params = {"state": {"w": torch.ones(3)}}
    fd = sealed.STORE.fd(params, params)
    with pytest.raises(PermissionError):
        os.pwrite(fd, b"\0", 0)
    assert sealed.STORE.fd(params, params) == fd  # written once per probe


def test_the_childs_output_is_a_memfd_not_a_file_on_the_host():
    """Does what a submission prints stay off the grader's disk (counted against its own memory instead)?"""
    box = Sandbox(timeout=30)
    try:
        assert os.readlink(f"/proc/self/fd/{box.log}").startswith("/memfd:")
    finally:
        box.close()


CELL_1 = {"kind": "cell", "number": 1}


def _run_cells(source: str, **kwargs) -> tuple[dict, str]:
    with Sandbox(timeout=60, **kwargs) as box:
        ran = box.exec_cells([{"cell": CELL_1, "source": source}])
        return ran, box.output()[0]


def test_the_jail_description_is_not_on_the_childs_command_line():
    """Does /proc/self/cmdline of a child started for `check` name none of the job's host paths?"""
    _, output = _run_cells("print(open('/proc/self/cmdline', 'rb').read())")
    assert "autograder-" not in output and "fault" not in output and "python" in output


def test_the_child_starts_with_a_minimal_environment(monkeypatch):
    """Is nothing of the grader's environment (a secret, a token) in the child's, or in its memory's block?"""
    monkeypatch.setenv("AUTOGRADER_SECRET", "canary-secret")
    monkeypatch.setenv("INSTRUCTOR_TOKEN", "canary-token")
    source = (
        "import ctypes, os\n"
        "ctypes.CDLL(None).prctl(4, 1, 0, 0, 0)\n"
        "print(sorted(os.environ))\n"
        "try:\n    print(open('/proc/self/environ', 'rb').read())\nexcept OSError as exc:\n    print(exc)\n"
    )
    _, output = _run_cells(source)
    assert "canary" not in output and "AUTOGRADER_SECRET" not in output and "INSTRUCTOR_TOKEN" not in output


@pytest.mark.skipif(not seccomp.available(), reason="no seccomp filter on this machine")
def test_the_child_cannot_make_itself_dumpable_or_open_a_user_namespace():
    """Are prctl(PR_SET_DUMPABLE, 1) and unshare(CLONE_NEWUSER) refused to student code?"""
    source = (
        "import ctypes, os\n"
        "libc = ctypes.CDLL(None, use_errno=True)\n"
        "print('dumpable', libc.prctl(4, 1, 0, 0, 0), libc.prctl(3, 0, 0, 0, 0))\n"
        "print('userns', libc.unshare(0x10000000), ctypes.get_errno())\n"
    )
    _, output = _run_cells(source)
    assert "dumpable -1 0" in output and "userns -1 1" in output  # EPERM


def test_missing_protections_are_named_not_fatal(monkeypatch):
    """Without a CPU controller or a seccomp filter, does the report name each as missing, in the reader's
    language (and nothing crash)?"""
    from autograder import i18n

    monkeypatch.setattr(seccomp, "available", lambda: False)
    missing = jail.missing_protections(cgroup=True, cpu_share=False)
    assert {"cpu_share", "seccomp"} <= set(missing) and set(missing) <= set(jail.PROTECTIONS)
    assert "CPU share" in i18n.protections(missing, "en") and "seccomp" in i18n.protections(missing, "en")
    for code in jail.PROTECTIONS:
        assert "[[missing" not in i18n.protections([code], "zh-CN")


@pytest.mark.skipif(
    not (IS_ROOT and cgroups.cpu_controller()), reason="needs root and the cgroup cpu controller"
)
def test_a_submission_gets_one_cpu_and_its_cpu_time_is_counted():
    """Do 8 busy processes of one submission get one CPU between them, and is their CPU time read back?"""
    source = (
        "import os, time\n"
        "for _ in range(8):\n"
        "    if os.fork() == 0:\n"
        "        end = time.time() + 3\n"
        "        while time.time() < end: pass\n"
        "        os._exit(0)\n"
        "start = time.time()\n"
        "while time.time() - start < 3: pass\n"
        "for _ in range(8): os.wait()\n"
    )
    with Sandbox(timeout=60) as box:
        before = box.cgroup.cpu_seconds()
        box.exec_cells([{"cell": CELL_1, "source": source}])
        used = box.cgroup.cpu_seconds() - before
    # 9 processes busy for 3 s of wall clock each: 27 CPU-seconds without a share, about 3 with one.
    assert used < 6, used


@pytest.mark.slow
@pytest.mark.skipif(
    not (IS_ROOT and cgroups.cpu_controller()), reason="needs root and the cgroup cpu controller"
)
def test_a_cpu_hog_costs_its_classmates_nothing(tmp_path):
    """Graded beside a submission that starts 55 busy processes, does an honest ResNet keep full marks?

    Without a CPU share it did not: 6/23 under `--workers 2 --timeout 10` (its probes ran out of time while the
    hog's processes took the machine's two cores).
    """
    assignment = "06_resnet"
    hog = (
        "import os\n"
        "for _ in range(55):\n"
        "    if os.fork() == 0:\n"
        "        os.setsid()\n"
        "        while True: pass\n"
        "while True: pass\n"
    )
    (tmp_path / "submitted" / "a_hog" / assignment).mkdir(parents=True)
    (tmp_path / "submitted" / "a_hog" / assignment / f"{assignment}.py").write_text(hog)
    (tmp_path / "submitted" / "b_honest" / assignment).mkdir(parents=True)
    solution = ROOT / "solutions" / assignment / f"{assignment}.ipynb"
    (tmp_path / "submitted" / "b_honest" / assignment / f"{assignment}.ipynb").write_bytes(
        solution.read_bytes()
    )
    out = tmp_path / "out"
    command = [PYTHON, "-m", "autograder", "grade", str(tmp_path / "submitted"), "--out", str(out)]
    command += ["--workers", "2", "--timeout", "10", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    records = {r["student"]: r for r in json.loads((out / "results.json").read_text())}
    report = records["b_honest"]["report"]
    assert report["score"] == report["max_score"], records["b_honest"]
    assert records["a_hog"]["report"]["score"] == 0


def test_a_failure_after_ready_is_never_a_grader_fault():
    """Does a child that breaks the channel after `ready` fail as a submission, not as the grader?"""
    source = (
        "import os, stat, struct\n"
        "for fd in range(3, 64):\n"
        "    try:\n"
        "        if stat.S_ISSOCK(os.fstat(fd).st_mode):\n"
        "            os.write(fd, struct.pack('<QI', 4, 4) + b'[[[[')\n"
        "    except OSError:\n"
        "        pass\n"
        "os._exit(0)\n"
    )
    with Sandbox(timeout=60) as box, pytest.raises(SandboxFailure) as failure:
        box.exec_cells([{"cell": CELL_1, "source": source}])
    assert type(failure.value) is SandboxFailure and failure.value.finding.code == "channel_interference"
    assert struct.calcsize("<QI") == codec.HEADER.size
    assert ROOT.exists()


def _fault_read_back(write) -> GraderFault | None:
    """What the grader reads (`Sandbox._fault`) after a forked process ran `write(fault_file)` and ended."""
    box = Sandbox(timeout=30)
    try:
        pid = os.fork()
        if pid == 0:
            try:
                write(os.path.join(box.workdir, "fault"))
            finally:
                os._exit(1)
        os.waitpid(pid, 0)
        return box._fault()
    finally:
        box.close()


def test_the_jails_fault_reaches_the_grader_as_a_code_and_what_the_os_said():
    """When the trusted part of the child gives up (`jail.report_fault`, given the JailError's text as the
    zygote and the child give it), does the grader read back the step that failed as a code and the OS's own
    words verbatim, never a sentence of the child's?"""
    said = str(OSError(1, "unshare: Operation not permitted"))

    def give_up(path):
        jail.report_fault({"fault_file": path}, str(jail.JailError("fault_jail_build", said)))

    fault = _fault_read_back(give_up)
    assert isinstance(fault, GraderFault)
    assert fault.finding.code == "fault_jail_build" and fault.finding.data == {"detail": said}
    assert said in fault.reason


def test_a_fault_file_that_is_not_a_record_is_still_a_grader_fault():
    """Does a fault file that is not the jail's record (cut short, say) still give a grader fault, its text kept
    as what was said?"""

    def scribble(path):
        with open(path, "w") as f:
            f.write('{"code": "fault_jail_build", "deta')

    fault = _fault_read_back(scribble)
    assert fault.finding.code == "fault_jail"
    assert fault.finding.data == {"detail": '{"code": "fault_jail_build", "deta'}


class _Ended:
    """A child that has ended with `code`, for `Sandbox._early_death` (no process: nothing to kill)."""

    pid = -1

    def __init__(self, code):
        self.code = code

    def wait(self, timeout):
        return self.code


@pytest.mark.parametrize(
    "printed, code, facts",
    [
        (b"", 3, {"code": 3}),
        (b"starting\nImportError: no torch\n\n", -9, {"code": -9, "detail": "ImportError: no torch"}),
        (b"", None, {"code": "?"}),
    ],
    ids=["silent", "said", "not_ended"],
)
def test_a_child_that_ends_before_any_code_ran_is_a_grader_fault_with_its_last_line(printed, code, facts):
    """Does a child that ends before it runs student code give a grader fault with its exit code and the last
    line it printed (Python's own error), as facts?"""
    box = Sandbox(timeout=30)
    try:
        os.write(box.log, printed)
        box.process = _Ended(code)
        fault = box._early_death()
    finally:
        box.process = None
        box.close()
    assert fault.finding.code == ("fault_child_exited_said" if "detail" in facts else "fault_child_exited")
    assert fault.finding.data == facts


def test_a_lock_folder_others_can_write_is_a_grader_fault(tmp_path, monkeypatch):
    """Is a lock folder that anyone may write refused as the grader's fault, naming the folder?"""
    folder = tmp_path / "locks"
    folder.mkdir()
    folder.chmod(0o777)
    monkeypatch.setattr(runner, "LOCK_DIR", str(folder))
    with pytest.raises(GraderFault) as fault:
        runner._claim_uid(0)
    assert fault.value.finding.code == "fault_lock_folder"
    assert fault.value.finding.data == {"folder": str(folder)}


@pytest.mark.skipif(not IS_ROOT, reason="a lock folder only root can write needs a grader running as root")
def test_no_free_user_id_is_a_grader_fault_naming_the_ids(tmp_path, monkeypatch):
    """When every user id is claimed by another sandbox, is that the grader's fault, naming the ids it tried?"""
    folder = tmp_path / "locks"
    folder.mkdir(mode=0o700)
    monkeypatch.setattr(runner, "LOCK_DIR", str(folder))
    monkeypatch.setattr(runner, "UID_RANGE", 2)
    held = [runner._claim_uid(0), runner._claim_uid(0)]
    try:
        with pytest.raises(GraderFault) as fault:
            runner._claim_uid(0)
    finally:
        for _, fd in held:
            os.close(fd)
    assert fault.value.finding.code == "fault_no_user_id"
    assert fault.value.finding.data == {"first": runner.FIRST_UID, "last": runner.FIRST_UID + 1}


def test_graded_cells_pause_once_per_exercise_of_the_assignment(tmp_path):
    """Does a notebook of thousands of graded cells (or made-up exercise ids) pause the run only once per
    exercise of its assignment, so that it costs the grader nothing?"""
    import nbformat

    from autograder.exercises import ASSIGNMENTS
    from autograder.submission import load

    nb = nbformat.v4.new_notebook()
    for k in range(2000):
        nb.cells.append(nbformat.v4.new_code_cell(f"x = {k}"))
        exercise = "flatten" if k % 500 == 0 else "zzz"
        test = nbformat.v4.new_code_cell(f'grade("{exercise}")')
        test.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": f"{exercise}_checks"}
        nb.cells.append(test)
    path = tmp_path / "04_custom_layers.ipynb"
    path.write_text(nbformat.writes(nb))
    submission = load(str(path), ASSIGNMENTS)
    pauses = [e for cell in submission.cells for e in cell.get("graded", [])]
    assert pauses == ["flatten"]
    assert submission.cells[0].get("graded") == ["flatten"]
