"""Screening a manifest's rows in forked worker processes, results in input order.

The main process reads rows and ships them in batches to worker processes; each worker parses and
classifies its share with the engine it inherited when it was forked (the compiled rules and the
party index are neither pickled nor rebuilt), and sends the results back. The main process hands
them on in input order, so every report is byte-identical to a sequential run.

- **Streaming.** At most ``in_flight`` batches are out at a time, so memory stays flat however
  long the file is.
- **Party look-ups stay memoised.** Each worker keeps its own memo of party searches, so a
  consignee sent to both workers would be matched twice. Rows are therefore routed by consignee:
  a name goes to the worker that saw it first, unless that worker already has its share of the
  batch (a manifest with one consignee on every row still spreads over all workers).
- **No deadlock on full pipes.** Batches are written by a sender thread, so the main thread only
  ever blocks reading results, which the workers always send.
- **Failures.** A worker that raises sends the exception back (with its traceback as a note) and
  the main process raises it; a worker that dies is reported as a :class:`WorkerError`. Workers
  ignore Ctrl-C (the main process stops them) and leave with ``os._exit``, so they never flush
  the main process's buffered output a second time.

Forking needs the ``fork`` start method (Linux, macOS); elsewhere ``fork_available()`` is false
and the caller screens sequentially.
"""

from __future__ import annotations

import contextlib
import copyreg
import dataclasses
import io
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import traceback
import warnings
from collections import deque
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from operator import attrgetter
from typing import Any, Generic, TypeVar

from exportscreen import model
from exportscreen.countries import Country
from exportscreen.manifest.readers import SourceRow

T = TypeVar("T")
R = TypeVar("R")

MAX_AUTO_JOBS = 4  # --jobs auto: one worker per usable CPU, at most this many
CHUNK_ROWS = 1000  # rows per worker per batch
IN_FLIGHT = 3  # batches out at a time: enough to keep every worker busy


class WorkerError(RuntimeError):
    """A screening worker process stopped without sending its results."""


def usable_cpus() -> int:
    """CPUs this process may run on (its affinity mask where the platform has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def default_jobs() -> int:
    """``--jobs auto``: one worker per usable CPU, at most MAX_AUTO_JOBS."""
    return max(1, min(usable_cpus(), MAX_AUTO_JOBS))


def fork_available() -> bool:
    """Workers need the ``fork`` start method, and a process that may have children (a
    multiprocessing daemon may not)."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


# -- pickling ---------------------------------------------------------------------------------
# Results are frozen, slotted dataclasses. Pickle's default for those goes through the generated
# __getstate__/__setstate__, which walk dataclasses.fields() per object; reducing each to
# ``(cls, field values)`` instead makes pickling about three times cheaper. Unpickling calls the
# class itself, which gives equal objects (what the reports compare and format).

_FAST_CLASSES: tuple[type, ...] = (
    model.RowResult,
    model.RowError,
    model.Result,
    model.Declaration,
    model.Evidence,
    model.LegalBasis,
    model.ItemMatch,
    model.MeasureMatch,
    model.PartyFinding,
    Country,
    SourceRow,
)


def _fields_reducer(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    for item in dataclasses.fields(cls):
        # (cls, values) only rebuilds classes whose __init__ takes every field, in order.
        assert item.init and not item.kw_only, f"{cls.__name__}.{item.name}"
    getter = attrgetter(*(item.name for item in dataclasses.fields(cls)))

    def reduce(obj: Any) -> tuple[Any, ...]:
        return (cls, getter(obj))

    return reduce


_DISPATCH: dict[type, Callable[[Any], Any]] = dict(copyreg.dispatch_table)
_DISPATCH.update({cls: _fields_reducer(cls) for cls in _FAST_CLASSES})


def dumps(obj: object) -> bytes:
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _DISPATCH
    pickler.dump(obj)
    return buffer.getvalue()


# -- the pool ---------------------------------------------------------------------------------


@dataclass
class _Worker:
    process: BaseProcess
    tasks: Connection  # the main process's end: batches out
    results: Connection  # the main process's end: results back


@dataclass
class _Batch(Generic[T]):
    items: list[T]
    shares: list[list[int]]  # per worker: positions in ``items`` it screens


class _Pool(Generic[T, R]):
    def __init__(self, work: Callable[[list[T]], list[R]], jobs: int) -> None:
        self.workers: list[_Worker] = []
        self.outbox: queue.SimpleQueue[tuple[Connection, bytes] | None] = queue.SimpleQueue()
        context = multiprocessing.get_context("fork")
        try:
            with warnings.catch_warnings():
                # Python 3.12+ warns when forking a process with threads (a progress bar's
                # refresh thread); the workers touch nothing that thread may hold.
                warnings.simplefilter("ignore", DeprecationWarning)
                for index in range(jobs):
                    task_reader, task_writer = context.Pipe(duplex=False)
                    result_reader, result_writer = context.Pipe(duplex=False)
                    # The child closes every main-process end it inherits, so that when the
                    # main process dies each worker sees end-of-file and leaves.
                    inherited = [c for w in self.workers for c in (w.tasks, w.results)]
                    process = context.Process(
                        target=_worker_main,
                        args=(
                            work,
                            task_reader,
                            result_writer,
                            [*inherited, task_writer, result_reader],
                        ),
                        name=f"exportscreen-worker-{index + 1}",
                        daemon=True,
                    )
                    process.start()
                    task_reader.close()
                    result_writer.close()
                    self.workers.append(_Worker(process, task_writer, result_reader))
        except BaseException:
            self.close(abort=True)
            raise
        self.sender = threading.Thread(target=self._send_loop, name="exportscreen-sender")
        self.sender.daemon = True
        self.sender.start()

    def _send_loop(self) -> None:
        while (message := self.outbox.get()) is not None:
            connection, data = message
            # A worker that is gone fails the send; the main thread finds out reading results.
            with contextlib.suppress(OSError):
                connection.send_bytes(data)

    def send(self, worker: int, data: bytes) -> None:
        self.outbox.put((self.workers[worker].tasks, data))

    def receive(self, worker: int) -> list[R]:
        handle = self.workers[worker]
        try:
            data = handle.results.recv_bytes()
        except (EOFError, OSError):
            handle.process.join(timeout=5)
            raise WorkerError(
                f"screening worker {handle.process.pid} stopped unexpectedly "
                f"(exit code {handle.process.exitcode})"
            ) from None
        ok, payload = pickle.loads(data)
        if not ok:
            raise payload
        results: list[R] = payload
        return results

    def close(self, *, abort: bool) -> None:
        if not abort:
            for worker in self.workers:
                self.outbox.put((worker.tasks, b""))  # an empty message: stop
        else:
            for worker in self.workers:
                worker.process.terminate()
        self.outbox.put(None)
        sender = getattr(self, "sender", None)
        if sender is not None:
            sender.join(timeout=10)
        for worker in self.workers:
            worker.process.join(timeout=10)
            if worker.process.exitcode is None:  # pragma: no cover - a stuck worker
                worker.process.kill()
                worker.process.join()
            worker.tasks.close()
            worker.results.close()


def _worker_main(
    work: Callable[[list[Any]], list[Any]],
    tasks: Connection,
    results: Connection,
    inherited: Sequence[Connection],
) -> None:
    """The worker's loop: batches in, results (or the exception) out, until told to stop."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the main process stops us
        for connection in inherited:
            connection.close()
        while True:
            try:
                data = tasks.recv_bytes()
            except (EOFError, OSError):
                break  # the main process is gone
            if not data:
                break
            try:
                payload = dumps((True, work(pickle.loads(data))))
            except Exception as exc:
                exc.add_note("in a screening worker:\n" + traceback.format_exc().rstrip())
                try:
                    payload = dumps((False, exc))
                except Exception:  # an exception that does not pickle
                    payload = dumps((False, RuntimeError(traceback.format_exc())))
            results.send_bytes(payload)
        code = 0
    finally:
        # No atexit handlers, no flushing of buffers inherited from the main process, no
        # traceback: the main process reports a worker that stops without its results.
        os._exit(code)


def ordered_map(
    work: Callable[[list[T]], list[R]],
    items: Iterator[T],
    *,
    jobs: int,
    key: Callable[[T], Hashable | None],
    chunk: int | None = None,
    in_flight: int | None = None,
) -> Iterator[tuple[T, R]]:
    """``(item, result)`` for every item, in input order, ``work`` running in ``jobs`` forked
    workers. ``work`` maps a list of items to their results, one each.

    Items with the same ``key`` go to the same worker where the batch allows (see the module
    docstring). If reading ``items`` raises, the results of the items read before are still
    yielded, then the exception is raised, as a sequential loop would. ``chunk`` is the rows per
    worker per batch (default CHUNK_ROWS), ``in_flight`` the batches out at a time (IN_FLIGHT).
    """
    chunk = CHUNK_ROWS if chunk is None else chunk
    in_flight = IN_FLIGHT if in_flight is None else in_flight
    pool: _Pool[T, R] = _Pool(work, jobs)
    router = _Router(jobs)
    pending: deque[_Batch[T]] = deque()
    failure: Exception | None = None
    exhausted = False
    aborted = True

    def submit() -> None:
        nonlocal failure, exhausted
        batch: list[T] = []
        try:
            for item in items:
                batch.append(item)
                if len(batch) >= chunk * jobs:
                    break
            else:
                exhausted = True
        except Exception as exc:
            failure, exhausted = exc, True
        if not batch:
            return
        shares = router.shares([key(item) for item in batch])
        for worker, positions in enumerate(shares):
            if positions:
                pool.send(worker, dumps([batch[p] for p in positions]))
        pending.append(_Batch(batch, shares))

    try:
        while len(pending) < in_flight and not exhausted:
            submit()
        while pending:
            batch = pending.popleft()
            results: list[Any] = [None] * len(batch.items)
            for worker, positions in enumerate(batch.shares):
                if positions:
                    received = pool.receive(worker)
                    if len(received) != len(positions):
                        raise WorkerError(
                            f"worker sent {len(received)} results for {len(positions)} rows"
                        )
                    for position, result in zip(positions, received, strict=True):
                        results[position] = result
            while len(pending) < in_flight and not exhausted:
                submit()  # keep the workers busy while this batch is handed on
            yield from zip(batch.items, results, strict=True)
        aborted = False
    finally:
        pool.close(abort=aborted)
    if failure is not None:
        raise failure


class _Router:
    """Assigns a batch's items to workers: each key to one worker, every worker a fair share."""

    MEMORY = 200_000  # keys remembered; forgetting only costs a repeated party search

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.owner: dict[Hashable, int] = {}

    def shares(self, keys: Sequence[Hashable | None]) -> list[list[int]]:
        workers = self.workers
        cap = -(-len(keys) // workers)  # ceil: the most rows one worker takes from this batch
        shares: list[list[int]] = [[] for _ in range(workers)]
        if len(self.owner) > self.MEMORY:
            self.owner.clear()
        for position, key in enumerate(keys):
            worker = self.owner.get(key, -1) if key is not None else -1
            if worker < 0 or len(shares[worker]) >= cap:
                worker = min(range(workers), key=lambda w: len(shares[w]))
                if key is not None:
                    self.owner.setdefault(key, worker)
            shares[worker].append(position)
        return shares
