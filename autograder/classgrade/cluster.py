"""Class grading on a Dask cluster: `python -m autograder grade SUBMITTED --out OUT --scheduler ADDRESS`.

The coordinator (this process) discovers the class, saves every record and writes every output exactly as a
local run does (`run.grade_class`); only the grading moves to the cluster's workers. What travels:

- **A submission, as bytes.** The notebook's bytes discovery read (`Class.contents`; read again here, as
  discovery reads, when it did not keep them) go with the task: workers need no shared file system, and the
  bytes graded are the bytes whose fingerprint is saved.
- **A result, as data.** A task answers with the record `run.grade_item` makes (`Report.to_dict()` inside),
  the same dict the local run saves.
- **The run's options and the instructor's secret, once per worker.** They travel inside `GraderPlugin`, a
  Dask worker plugin registered for this run only, and live in the Dask worker's own process: the grader's
  side, as in a local run. Each worker starts its warm zygotes from there (`sandbox.runner.Zygote`, one per
  worker thread), with the minimal environment the jail gives them (`runner.worker_env`); every submission is
  forked from one and runs in the full jail, so the secret never reaches a child's environment or memory. The
  plugin is unregistered when the run ends: the zygotes close and the secret is dropped.

Faults are counted here, not left to Dask's retries. For the run, the scheduler's `allowed-failures` is 0:
a task whose worker dies errs at once with `KilledWorker`, and this module decides. Each task logs an event
(`STARTED`) when its grading begins, so a submission that was only queued on a lost worker is sent again
without counting. One whose grading was under way is sent again too (a lost machine is nobody's fault); a
second worker lost while grading it means the submission is the cause: it gets its zero (`killed_its_worker`)
and is never sent again. A submission that the cluster loses `MAX_LOSSES` times in all, for any reason, is a
grader fault: not graded, graded again by the next run.
"""

from __future__ import annotations

import asyncio
import queue
import threading
import time
import uuid
from collections import Counter, deque
from dataclasses import replace

from autograder import i18n
from autograder.classgrade import run, safe_read
from autograder.classgrade.discover import FAILED, GRADER_FAULT, Item, fingerprint_of
from autograder.classgrade.options import Options

try:
    from distributed import WorkerPlugin
except ImportError:  # the `cluster` extra is not installed: `connect` says so, nothing else here is used

    class WorkerPlugin:  # type: ignore[no-redef]
        pass


STARTED = "started"  # the event a task logs when its grading begins (under the run's own topic)
DEATHS = 2  # workers lost while grading one submission before it is the cause: its zero
MAX_LOSSES = 4  # times one submission may be lost in all (queued or graded) before it is a grader fault
CONNECT_SECONDS = 15
POLL_SECONDS = 0.2


class ClusterError(Exception):
    """The cluster cannot grade this run. `key` names the catalogue template that says why (`[report]` in
    autograder/i18n/<lang>.toml), `values` fill it."""

    def __init__(self, key: str, **values):
        super().__init__(key, values)
        self.key, self.values = key, values


class GraderPlugin(WorkerPlugin):
    """What one run needs on every Dask worker: its options (the secret's probe set among them) and warm zygotes.

    Args:
        options: the run's options, its language already resolved (a worker's own locale must not choose it).
    """

    def __init__(self, options: Options):
        self.options = options  # all that travels: the rest is made on the worker, in `setup`
        self.slots: queue.Queue | None = None
        self.zygotes: list = []
        self.stopping: threading.Event | None = None

    async def setup(self, worker) -> None:
        self.stopping = threading.Event()
        # torch imports in a thread (seconds) so the worker keeps answering its scheduler meanwhile.
        await asyncio.to_thread(_import_grading)
        from autograder.sandbox.runner import Zygote

        # Started from the worker's event loop thread, which lives as long as the worker: a zygote dies with
        # the thread that started it (PR_SET_PDEATHSIG), so a killed worker takes its zygotes along.
        self.zygotes = [Zygote(start=True) for _ in range(max(1, worker.state.nthreads))]
        self.slots = queue.Queue()
        for slot, zygote in enumerate(self.zygotes):
            self.slots.put((slot, zygote))

    def teardown(self, worker) -> None:
        self.stopping.set()
        for zygote in self.zygotes:
            zygote.close()

    def interrupt(self) -> None:
        """The run was stopped: what is in flight fails at once, and its failure is expected (not printed)."""
        self.stopping.set()
        run._kill_workers(self.zygotes)

    def grade(self, item: Item, content: bytes) -> dict:
        """Grades one submission on a free zygote of this worker; whatever happens, the answer is a record."""
        slot, zygote = self.slots.get()
        try:
            return run.grade_item(item, self.options, slot, zygote, self.stopping, content)
        finally:
            self.slots.put((slot, zygote))


def _import_grading() -> None:
    import torch

    import autograder.grading  # noqa: F401 (imported once per worker, before its first submission)

    # The children do the heavy lifting; the worker's own threads should not compete for the cores.
    torch.set_num_threads(1)


def grade_task(name: str, key: str, item: Item, content: bytes) -> dict:
    """A Dask task: grades `item` on this worker with the run `name`'s plugin. The coordinator learns that the
    grading began (an event on the run's topic) before any of the submission's code runs."""
    from distributed import get_worker

    worker = get_worker()
    worker.log_event(name, {"what": STARTED, "key": key, "worker": worker.address})
    return worker.plugins[name].grade(item, content)


def _interrupt(name: str, dask_worker=None) -> None:
    plugin = dask_worker.plugins.get(name)
    if plugin is not None:
        plugin.interrupt()


def _allowed_failures(value: int | None, dask_scheduler=None) -> int:
    """Sets the scheduler's `allowed-failures` (None: leaves it); returns what it was."""
    before = dask_scheduler.allowed_failures
    if value is not None:
        dask_scheduler.allowed_failures = value
    return before


def connect(address: str) -> Cluster:
    """A connection to the scheduler at `address`; raises ClusterError when there is none."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("cluster_not_installed") from None
    try:
        client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(
            "cluster_unreachable", address=address, reason=str(exc) or type(exc).__name__
        ) from None
    return Cluster(client)


class Cluster:
    """A connected coordinator; `grade` has the signature of `run.grade_class`'s `grade` hook."""

    def __init__(self, client):
        self.client = client

    def close(self) -> None:
        self.client.close()

    def grade(self, todo, contents, where, options: Options, stop: run.Stop, bar, records) -> None:
        """Grades `todo` on the cluster's workers; saves each record as it arrives, as the local run does."""
        client = self.client
        name = f"autograder-{uuid.uuid4().hex[:12]}"
        options = replace(options, lang=i18n.resolve(options.lang))
        started: dict[str, str] = {}  # task key -> the worker whose grading of it began (its event)

        def on_event(event) -> None:
            message = event[1]
            if isinstance(message, dict) and message.get("what") == STARTED:
                started[message["key"]] = message["worker"]

        client.subscribe_topic(name, on_event)
        allowed_before = None
        try:
            allowed_before = client.run_on_scheduler(_allowed_failures, 0)
        except Exception:  # noqa: BLE001 (a scheduler that refuses: Dask retries first, then we count)
            pass
        try:
            client.register_plugin(GraderPlugin(options), name=name)
            _Run(self, name, options, todo, contents, where, stop, bar, records, started).loop()
        finally:
            if stop.signum is not None:
                try:
                    client.run(_interrupt, name)
                except Exception:  # noqa: BLE001 (a worker gone meanwhile has nothing left to stop)
                    pass
            try:
                client.unregister_worker_plugin(name)
            except Exception:  # noqa: BLE001 (the cluster may be gone; its workers then close their zygotes)
                pass
            client.unsubscribe_topic(name)
            if allowed_before is not None:
                try:
                    client.run_on_scheduler(_allowed_failures, allowed_before)
                except Exception:  # noqa: BLE001
                    pass


class _Run:
    """One run's submissions on the cluster: a window of tasks in flight, the faults counted per submission."""

    def __init__(self, cluster, name, options, todo, contents, where, stop, bar, records, started):
        self.client = cluster.client
        self.name, self.options = name, options
        self.waiting = deque(todo)  # not sent yet (or to be sent again)
        self.contents, self.where, self.stop, self.bar, self.records = contents, where, stop, bar, records
        self.started = started
        self.kept: dict[str, bytes] = {}  # the bytes of what is in flight, to send again if a worker dies
        self.in_flight: dict = {}  # future -> item
        self.done: queue.Queue = queue.Queue()
        self.sent = Counter()  # item key -> tasks sent
        self.deaths = Counter()  # item key -> workers lost while grading it
        self.window = 4
        self.window_checked = 0.0

    def loop(self) -> None:
        while (self.waiting or self.in_flight) and self.stop.signum is None:
            self._fill()
            finished = []
            try:
                finished.append(self.done.get(timeout=POLL_SECONDS))
                while True:
                    finished.append(self.done.get_nowait())
            except queue.Empty:
                pass
            self._collect([f for f in finished if f in self.in_flight])
        if self.stop.signum is not None:
            self.client.cancel(list(self.in_flight), force=True)

    def _fill(self) -> None:
        """Keeps a few tasks per worker thread in flight: the scheduler and the coordinator hold only those
        submissions' bytes, and a Ctrl-C has little to cancel."""
        now = time.monotonic()
        if now - self.window_checked > 2:
            self.window_checked = now
            try:
                threads = sum(self.client.nthreads().values())
            except Exception:  # noqa: BLE001 (no answer now: keep the last window)
                threads = 0
            self.window = max(4, 2 * threads)
        while self.waiting and len(self.in_flight) < self.window and self.stop.signum is None:
            item = self.waiting.popleft()
            content = self.kept.get(item.key) or self.contents.pop(item.key, None)
            if content is None:
                read = _read_again(item, self.options)
                if isinstance(read, dict):  # unreadable now: a zero with the reason, as the local run gives
                    self._keep(read)
                    continue
                item, content = read
            self.kept[item.key] = content
            self.sent[item.key] += 1
            key = f"{self.name}-{uuid.uuid4().hex[:16]}"
            future = self.client.submit(grade_task, self.name, key, item, content, key=key, pure=False)
            self.in_flight[future] = item
            future.add_done_callback(self.done.put)

    def _collect(self, finished) -> None:
        graded = [f for f in finished if f.status == "finished"]
        if graded:
            try:
                results = self.client.gather(graded)
            except Exception:  # noqa: BLE001 (one result went with its worker: take them one by one)
                results = [self._gather_one(future) for future in graded]
            for future, record in zip(graded, results, strict=True):
                if record is not None:
                    self.in_flight.pop(future)
                    self._keep(record)
                    future.release()
        for future in finished:
            if future not in self.in_flight:
                continue
            if future.status == "error":
                self._lost(future, future.exception())
            else:  # cancelled by the cluster (its scheduler restarted, say)
                self._lost(future, None)

    def _gather_one(self, future) -> dict | None:
        """A finished task's record, or None when it is gone (its worker died since): then it is sent again."""
        try:
            return self.client.gather(future)
        except Exception:  # noqa: BLE001
            self._lost(future, None)
            return None

    def _lost(self, future, exc) -> None:
        """A task that did not answer: sent again, or the submission's zero, or a grader fault (see the module)."""
        from distributed import KilledWorker

        item = self.in_flight.pop(future)
        future.release()
        if exc is not None and not isinstance(exc, KilledWorker):  # the task itself failed: the grader's
            reason = i18n.text("cluster_task_failed", self.options.lang, error=f"{type(exc).__name__}: {exc}")
            self._keep(_fault(item, reason, self.options.lang))
            return
        began = self.started.pop(future.key, None) is not None
        if began and isinstance(exc, KilledWorker):
            self.deaths[item.key] += 1
        if self.deaths[item.key] >= DEATHS:
            reason = i18n.text("killed_its_worker", self.options.lang, count=DEATHS)
            self._keep(run._record(item, FAILED, run._zero(item, reason, self.options.lang), reason))
        elif self.sent[item.key] >= MAX_LOSSES:
            reason = i18n.text("cluster_lost_it", self.options.lang, count=MAX_LOSSES)
            self._keep(_fault(item, reason, self.options.lang))
        else:
            self.waiting.appendleft(item)  # graded again, on whichever worker is free first

    def _keep(self, record: dict) -> None:
        """Saves a record as the local run does, and counts it."""
        key = f"{record['student']}/{record['assignment']}"
        self.kept.pop(key, None)
        saved = run._save(
            self.where[key], {**record, "probes": self.options.probe_set.label}, self.options.lang
        )
        self.records[key] = saved
        self.bar.advance(saved, through_worker=True)


def _fault(item: Item, reason: str, lang: str) -> dict:
    from autograder.report import Report

    return run._record(item, GRADER_FAULT, Report(str(item.path), [], [], lang=lang), reason)


def _read_again(item: Item, options: Options) -> tuple[Item, bytes] | dict:
    """The bytes of a notebook discovery did not keep, read as discovery reads (no link followed, the size
    checked first), and the item with their fingerprint; or, when they cannot be read, its record (a zero)."""
    from autograder.submission import SubmissionError

    parts = (item.student, item.assignment, item.path.name)
    try:
        content = safe_read.read_submission(item.path.parents[2], parts)  # root/student/assignment/file
    except SubmissionError as exc:
        reason = exc.reason(options.lang)
        return run._record(item, FAILED, run._zero(item, reason, options.lang), reason)
    return replace(item, fingerprint=fingerprint_of(content)), content
