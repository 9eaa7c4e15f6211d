"""Grading a class: worker processes that import torch once, results that survive an interruption."""

from __future__ import annotations

import json
import os
import queue
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from autograder.classgrade.discover import Item, discover
from autograder.report import Report


@dataclass(frozen=True)
class Options:
    workers: int = 2
    timeout: float = 120.0
    memory_mb: int = 2048
    force: bool = False


def result_path(out: Path, item: Item) -> Path:
    return out / "results" / item.student / item.assignment / f"{item.notebook}.json"


def write_atomically(path: Path, text: str) -> None:
    """Readers see the old file or the new one, never half of one (an interrupted run loses nothing)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def load_done(out: Path, item: Item) -> dict | None:
    """The stored result of `item`, if it is there, whole, and for the same submitted file."""
    try:
        record = json.loads(result_path(out, item).read_text())
    except (OSError, ValueError):
        return None
    return record if record.get("fingerprint") == item.fingerprint() else None


def _zero(item: Item, reason: str) -> Report:
    from autograder.exercises import ASSIGNMENTS, EXERCISES
    from autograder.grading import all_failed

    exercises = [all_failed(EXERCISES[i], reason) for i in ASSIGNMENTS.get(item.assignment, ())]
    return Report(str(item.path or item.key), exercises, [reason])


def grade_item(item: Item, options: Options, slot: int, zygote) -> dict:
    """Grades one submission; whatever happens, the answer is a record (a zero with a reason at worst)."""
    from autograder.grading import grade_file
    from autograder.submission import SubmissionError

    start = time.monotonic()
    fingerprint = item.fingerprint()
    if item.path is None:
        report = _zero(item, item.missing_reason)
    else:
        try:
            report = grade_file(str(item.path), None, options.timeout, options.memory_mb, slot, zygote)
        except SubmissionError as exc:
            report = _zero(item, str(exc))
        except Exception as exc:  # noqa: BLE001 (one submission must never stop the class)
            print(f"grader error on {item.key}:\n{traceback.format_exc()}", file=sys.stderr)
            report = _zero(item, f"the grader failed on this submission ({type(exc).__name__}: {exc})")
    return {
        "student": item.student,
        "assignment": item.assignment,
        "notebook": item.notebook,
        "path": str(item.path) if item.path else None,
        "fingerprint": fingerprint,
        "seconds": round(time.monotonic() - start, 3),
        "report": report.to_dict(),
        "notes": report.notes,
    }


class Progress:
    """`graded 12/40 (30%), 2.1 notebooks/s, ETA 13 s` on stderr: in place on a terminal, every 10% in a log."""

    def __init__(self, total: int, enabled: bool = True):
        self.total, self.done, self.enabled = total, 0, enabled and total > 0
        self.start = time.monotonic()
        self.tty = sys.stderr.isatty()
        self.last_decile = -1

    def advance(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0
        line = f"graded {self.done}/{self.total} ({100 * self.done // self.total}%), {rate:.1f} notebooks/s, ETA {eta:.0f} s"
        if self.tty:
            print("\r" + line, end="\n" if self.done == self.total else "", file=sys.stderr, flush=True)
        elif self.done * 10 // self.total != self.last_decile or self.done == self.total:
            self.last_decile = self.done * 10 // self.total
            print(line, file=sys.stderr, flush=True)


def grade_class(root: Path, out: Path, options: Options, progress: bool = True) -> list[dict]:
    """Grades every submission under `root` (nbgrader's submitted/ layout); returns the records in order."""
    from autograder.sandbox.runner import Zygote

    # Workers first: their torch imports run while this process imports its own.
    zygotes = [Zygote(start=True) for _ in range(max(1, options.workers))]
    import torch

    # The workers' children do the heavy lifting; the grader's own threads should not compete for the cores.
    torch.set_num_threads(1)
    items = discover(root)
    records: dict[str, dict] = {}
    todo = []
    for item in items:
        done = None if options.force else load_done(out, item)
        if done is None:
            todo.append(item)
        else:
            records[item.key] = done
    bar = Progress(len(todo), progress)
    workers: queue.Queue = queue.Queue()
    for slot, zygote in enumerate(zygotes):
        workers.put((slot, zygote))

    def work(item: Item) -> dict:
        slot, zygote = workers.get()
        try:
            record = grade_item(item, options, slot, zygote)
        finally:
            workers.put((slot, zygote))
        write_atomically(result_path(out, item), json.dumps(record, indent=1))
        return record

    try:
        with ThreadPoolExecutor(max_workers=len(zygotes)) as pool:
            futures = {pool.submit(work, item): item for item in todo}
            for future in as_completed(futures):
                records[futures[future].key] = future.result()
                bar.advance()
    finally:
        for zygote in zygotes:
            zygote.close()
    return [records[item.key] for item in items]
