"""Grading a class: worker processes that import torch once, results that survive an interruption.

Each result is saved as soon as it is known (`results/<student>/<assignment>.json`, the student's folder name
made a safe file name by `names.file_names`), so a run stopped by Ctrl-C, SIGTERM or a crash loses only what
was in flight; the next run grades what is missing or changed.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
import traceback
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from autograder import i18n
from autograder.classgrade import safe_read
from autograder.classgrade.discover import (
    FAILED,
    GRADED,
    GRADER_FAULT,
    NOT_SUBMITTED,
    PENDING,
    Class,
    Item,
    fingerprint_of,
)
from autograder.classgrade.names import file_names, terminal_lines, terminal_safe
from autograder.classgrade.options import Options
from autograder.classgrade.outfolder import write_atomically
from autograder.exercises.spec import PUBLIC
from autograder.findings import finding
from autograder.report import Report

RECORD_VERSION = 3  # results saved by an older layout are graded again


class Stop:
    """Which signal asked the run to stop, if one did. Set from a signal handler: it only records."""

    def __init__(self):
        self.signum: int | None = None

    def handler(self, signum, _frame) -> None:
        if self.signum is None:
            self.signum = signum

    def install(self) -> None:
        """From now on SIGINT and SIGTERM stop the run cleanly: no KeyboardInterrupt, no second Ctrl-C."""
        signal.signal(signal.SIGINT, self.handler)
        signal.signal(signal.SIGTERM, self.handler)


@dataclass
class Outcome:
    """A run's records (one per item, in the class's order) and what this run did."""

    records: list[dict]
    unchanged: set[str] = field(default_factory=set)  # keys already graded, the file unchanged: skipped
    interrupted: int | None = None  # the signal that stopped the run
    seconds: float = 0.0


def result_path(out: Path, stem: str, assignment: str) -> Path:
    """Where a student's result is saved: `stem` is their folder's name as a safe file name (`file_names`)."""
    return out / "results" / stem / f"{assignment}.json"


def load_done(where: Path, item: Item, probes: str = PUBLIC.label) -> dict | None:
    """The stored result of `item` (at `where`), if it is there, whole, graded, for the same submitted file and
    on the same probes (`ProbeSet.label`: a new secret grades everything again)."""
    try:
        record = json.loads(where.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("version") != RECORD_VERSION:
        return None
    if record.get("fingerprint") != item.fingerprint or record.get("status") not in (GRADED, FAILED):
        return None  # changed, or a grader fault: grade it again
    if record.get("probes", PUBLIC.label) != probes:
        return None
    return record


def _zero(item: Item, reason: str, lang: str | None = None) -> Report:
    """Every check of the item's assignment failed for `reason` (worded already, in the run's language)."""
    from autograder.exercises import ASSIGNMENTS, EXERCISES
    from autograder.grading import all_failed

    exercises = [all_failed(EXERCISES[i], reason) for i in ASSIGNMENTS[item.assignment]]
    notes = [finding("grader_note", text=reason)]
    return Report(str(item.path or item.key), exercises, notes, lang=i18n.resolve(lang))


def _record(
    item: Item,
    status: str,
    report: Report,
    reason: str | None,
    seconds: float = 0.0,
    fingerprint: str | None = None,
) -> dict:
    """The record of `item`; `fingerprint`: of the bytes graded, when they were read again since discovery."""
    return {
        "version": RECORD_VERSION,
        "student": item.student,
        "assignment": item.assignment,
        "notebook": item.path.name if item.path else None,
        "path": str(item.path) if item.path else None,
        "fingerprint": fingerprint or item.fingerprint,
        "status": status,
        "reason": reason,
        "seconds": round(seconds, 3),
        "report": report.to_dict(),
        # What grading said (cells that raised, what the code printed), worded in the report's language; the
        # same notes as findings are in the report's `note_findings`.
        "notes": [i18n.render(n, report.lang) for n in report.notes],
        "folder_notes": list(item.notes),  # what discovery said (extra notebooks, a mislabelled notebook)
        "extra": list(item.extra),
    }


def _failed_whole(report: Report) -> str | None:
    """The one reason, worded, when the submission could not run at all: every check failed for one finding,
    the one a note gives (its process died, say)."""
    checks = [c for e in report.exercises for c in e.checks]
    if not checks or any(c.passed for c in checks):
        return None
    found = [[f.with_check("") for f in c.findings] for c in checks]
    if all(f == found[0] for f in found) and len(found[0]) == 1 and found[0][0] in report.notes:
        return i18n.render(found[0][0], report.lang)
    return None


def record_without_grading(item: Item, lang: str | None = None) -> dict:
    """The record of an item with nothing to grade: not submitted, or a folder without the notebook."""
    status = NOT_SUBMITTED if not item.submitted else FAILED
    return _record(item, status, _zero(item, item.missing_reason, lang), item.missing_reason)


def pending_record(item: Item, lang: str | None = None) -> dict:
    """A placeholder for what an interrupted run did not grade: no score, no checks."""
    reason = i18n.text("pending_reason", lang)
    return _record(item, PENDING, Report(str(item.path), [], [], lang=i18n.resolve(lang)), reason)


def grade_item(
    item: Item,
    options: Options,
    slot: int,
    zygote,
    stopping: threading.Event | None = None,
    content: bytes | None = None,
) -> dict:
    """Grades one submission on its folder's assignment; whatever happens, the answer is a record.

    `content` is the notebook's bytes as discovery read them; None: read them again, as discovery did (no link
    followed, the size checked first), when discovery did not keep them. `stopping`, once set, means the run is
    being cancelled: failures are then expected and not reported.
    """
    from autograder.exercises import ASSIGNMENTS
    from autograder.grading import grade_file
    from autograder.submission import SubmissionError, given

    start = time.monotonic()
    ids = list(ASSIGNMENTS[item.assignment])  # the folder's assignment, whatever the notebook says it is
    fingerprint = None
    try:
        if content is None:
            parts = (item.student, item.assignment, item.path.name)
            content = safe_read.read_submission(item.path.parents[2], parts)  # root/student/assignment/file
            fingerprint = fingerprint_of(content)
        with given(str(item.path), content):
            report = grade_file(
                str(item.path),
                ids,
                options.timeout,
                options.memory_mb,
                slot,
                zygote,
                lang=options.lang,
                probe_set=options.probe_set,
            )
    except SubmissionError as exc:
        reason = exc.reason(options.lang)  # the summary names the submission already
        report = _zero(item, reason, options.lang)
        return _record(item, FAILED, report, reason, time.monotonic() - start, fingerprint)
    except Exception as exc:  # noqa: BLE001 (one submission must never stop the class)
        if stopping is None or not stopping.is_set():
            trace = terminal_lines(traceback.format_exc())
            print(
                i18n.text("grader_error", options.lang, item=terminal_safe(item.key), traceback=trace),
                file=sys.stderr,
            )
        reason = f"{type(exc).__name__}: {exc}"
        report = Report(str(item.path), [], [], lang=i18n.resolve(options.lang))
        return _record(item, GRADER_FAULT, report, reason, time.monotonic() - start, fingerprint)
    seconds = time.monotonic() - start
    if report.fault:
        reason = i18n.render(report.fault, report.lang)
        return _record(item, GRADER_FAULT, report, reason, seconds, fingerprint)
    reason = _failed_whole(report)
    return _record(item, FAILED if reason else GRADED, report, reason, seconds, fingerprint)


class Progress:
    """`5/12: 3 graded, 2 unchanged, 0 failed, 0 grader faults; 0.8 notebooks/s, ETA 9 s` on stderr, in `lang`.

    In place on a terminal, every 10% in a log. The rate counts only notebooks graded by this run.
    """

    def __init__(self, total: int, unchanged: int, enabled: bool = True, lang: str | None = None):
        self.total, self.unchanged, self.enabled = total, unchanged, enabled and total > 0
        self.lang = lang
        self.counts = {GRADED: 0, FAILED: 0, GRADER_FAULT: 0}
        self.graded_now = 0  # notebooks that went through a worker
        self.start = time.monotonic()
        self.tty = sys.stderr.isatty()
        self.last_decile = -1

    def done(self) -> int:
        return self.unchanged + sum(self.counts.values())

    def advance(self, record: dict, through_worker: bool) -> None:
        self.counts[record["status"]] += 1
        self.graded_now += through_worker
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.graded_now / elapsed
        left = self.total - self.done()
        line = i18n.text(
            "progress" if rate else "progress_no_eta",
            self.lang,
            done=self.done(),
            total=self.total,
            graded=self.counts[GRADED],
            unchanged=self.unchanged,
            failed=self.counts[FAILED],
            faults=self.counts[GRADER_FAULT],
            rate=f"{rate:.1f}",
            eta=f"{left / rate:.0f}" if rate else "",
        )
        if self.tty:
            print("\r\033[K" + line, end="", file=sys.stderr, flush=True)
        elif self.done() * 10 // self.total != self.last_decile or left == 0:
            self.last_decile = self.done() * 10 // self.total
            print(line, file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.enabled and self.tty:
            print(file=sys.stderr, flush=True)


def _kill_workers(zygotes) -> None:
    """Kills every worker and everything it started: in-flight grading then fails at once (and is discarded).

    The workers' sockets stay open for the threads using them; `Zygote.close` runs once those threads are done.
    """
    import psutil

    for zygote in zygotes:
        process = zygote.process
        if process is None:
            continue
        try:
            tree = psutil.Process(process.pid).children(recursive=True)
        except psutil.Error:
            tree = []
        try:
            process.kill()
        except OSError:
            pass
        for proc in tree:
            try:
                proc.kill()
            except psutil.Error:
                pass


def grade_class(
    klass: Class, out: Path, options: Options, stop: Stop, progress: bool = True, grade=None
) -> Outcome:
    """Grades every item of `klass` not already graded in `out`; returns every record, in the class's order.

    `grade`: what grades the items left to grade, `grade(todo, contents, where, options, stop, bar, records)`
    (saving each record as it is known); None: this machine's workers. `cluster.Cluster.grade` is the other.
    """
    from autograder.sandbox.runner import Zygote

    start = time.monotonic()
    records: dict[str, dict] = {}
    todo = []
    unchanged = set()
    stems = file_names(klass.students)
    where = {item.key: result_path(out, stems[item.student], item.assignment) for item in klass.items}
    for item in klass.items:
        if not item.submitted:
            records[item.key] = record_without_grading(item, options.lang)
            continue
        done = None if options.force else load_done(where[item.key], item, options.probe_set.label)
        if done is not None:
            klass.contents.pop(item.key, None)  # graded already: its bytes are not needed
            # What discovery says about the folder now (extra notebooks) replaces what it said then.
            done["folder_notes"] = list(item.notes)
            done["extra"] = list(item.extra)
            records[item.key] = done
            unchanged.add(item.key)
        elif item.path is None:
            record = {**record_without_grading(item, options.lang), "probes": options.probe_set.label}
            records[item.key] = _save(where[item.key], record, options.lang)
        else:
            todo.append(item)
    outcome = Outcome([], unchanged=unchanged)
    bar = Progress(sum(item.submitted for item in klass.items), len(unchanged), progress, options.lang)
    for item in klass.items:
        if item.path is None and item.submitted and item.key not in unchanged:
            bar.advance(records[item.key], through_worker=False)
    if todo and stop.signum is None and grade is not None:
        grade(todo, klass.contents, where, options, stop, bar, records)
    elif todo and stop.signum is None:
        _grade(todo, klass.contents, where, options, stop, bar, records, Zygote)
    bar.finish()
    outcome.interrupted = stop.signum
    outcome.records = [records.get(item.key) or pending_record(item, options.lang) for item in klass.items]
    outcome.seconds = time.monotonic() - start
    return outcome


def _save(where: Path, record: dict, lang: str | None = None) -> dict:
    """Saves a record as soon as it is known; one that cannot be saved (a full disk) is a grader fault."""
    try:
        write_atomically(where, json.dumps(record, indent=1))
    except OSError as exc:
        reason = i18n.text("result_not_saved", lang, reason=exc.strerror or exc)
        return {**record, "status": GRADER_FAULT, "reason": reason}
    return record


def _grade(todo, contents, where, options, stop, bar, records, zygote_class) -> None:
    """Grades `todo` on workers, each on the bytes discovery kept (`contents`, dropped once taken)."""
    import queue

    # Workers first: their torch imports run while this process imports its own.
    zygotes = [zygote_class(start=True) for _ in range(min(max(1, options.workers), len(todo)))]
    import torch

    # The workers' children do the heavy lifting; the grader's own threads should not compete for the cores.
    torch.set_num_threads(1)
    stopping = threading.Event()  # set before the workers are killed: what is in flight is then discarded
    workers: queue.Queue = queue.Queue()
    for slot, zygote in enumerate(zygotes):
        workers.put((slot, zygote))

    def work(item: Item) -> dict | None:
        if stopping.is_set():
            return None
        slot, zygote = workers.get()
        try:
            if stopping.is_set():
                return None
            record = grade_item(item, options, slot, zygote, stopping, contents.pop(item.key, None))
        finally:
            workers.put((slot, zygote))
        if stopping.is_set():
            return None  # cancelled mid-way: its failure is the grader's doing, never a zero for the student
        return _save(where[item.key], {**record, "probes": options.probe_set.label}, options.lang)

    pool = ThreadPoolExecutor(max_workers=len(zygotes))
    try:
        waiting = {pool.submit(work, item) for item in todo}
        while waiting:
            finished, waiting = wait(waiting, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in finished:
                record = None if future.cancelled() else future.result()
                if record is not None:
                    records[f"{record['student']}/{record['assignment']}"] = record
                    bar.advance(record, through_worker=True)
            if stop.signum is not None and not stopping.is_set():
                stopping.set()
                for future in waiting:
                    future.cancel()
            if stopping.is_set():
                # Again each time: a thread caught between two steps may have restarted a worker meanwhile.
                _kill_workers(zygotes)
    finally:
        if stop.signum is not None and not stopping.is_set():
            stopping.set()
            _kill_workers(zygotes)
        pool.shutdown(wait=True, cancel_futures=True)
        for zygote in zygotes:
            zygote.close()
