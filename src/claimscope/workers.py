"""Analysis in worker processes: the NLP runs in parallel, the ledger is written by one process.

SQLite has one writer, and the pipeline is CPU-bound Python and spaCy, so ``analyze --workers
N`` sends documents to N processes and writes their results in the parent, one transaction per
document, in the order the inputs came. At most ``WINDOW`` documents per worker are in flight,
so memory stays flat whatever the corpus size.

The parent enforces ``timeout_per_doc`` too. A worker's timer signal stops Python code, but
not a document stuck in C (an SQLite query, a C library's loop), where Python never gets to run
the handler. Each worker tells the parent, through shared memory, which document it is on and
how long it has spent on it (loading models left out, as in the worker's own limit); a document
over its limit by ``PARENT_GRACE`` is refused, the workers are killed and restarted, and the
documents still in flight are sent to the new ones.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing as mp
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Collection, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .analysis import analyze_document
from .errors import ClaimscopeError, LimitError
from .model import Document
from .pipeline import Pipeline
from .resources import Resources
from .settings import Settings

# Documents in flight per worker: enough to keep every worker busy while the parent writes.
WINDOW = 4

# One pipeline per worker process, built by the initializer. Module state is the way
# ProcessPoolExecutor hands an initializer's work to the tasks of that process; it never
# exists in the parent.
_WORKER: tuple[Pipeline, Resources] | None = None
# This worker's slot in the shared array the parent reads (see _Slots), and the array.
_SLOT: tuple[Any, int] | None = None


# How often a worker looks whether its parent is still there (seconds).
PARENT_POLL = 0.5


# Seconds a document may run in a worker past timeout_per_doc before the parent stops it: the
# worker's own timer signal comes first whenever Python code is running.
PARENT_GRACE = 2.0
# How often the parent looks at the document it waits for (seconds).
PARENT_CHECK = 0.2
# Fields of a worker's slot: the document's number, when it started, seconds spent loading
# since, when the load under way started (0: none), and the worker's pid.
_SEQ, _STARTED, _LOADED, _LOADING, _PID = range(5)
_FIELDS = 5
# A document whose worker died while analysing it (a crash in a C library, the kernel's
# out-of-memory killer) is tried again on new workers this many times in all, then reported.
MAX_CRASHES = 2


def _init(
    stage_names: tuple[str, ...],
    modules: tuple[str, ...],
    settings: Settings,
    parent: int,
    slots: Any,  # multiprocessing Array of doubles, _FIELDS per worker
    taken: Any,  # multiprocessing Value: slots handed out
) -> None:
    global _WORKER, _SLOT
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _exit_with_parent(parent)
    for module in modules:  # stages registered outside claimscope (a plugin, a test)
        with contextlib.suppress(ImportError):  # then Pipeline names the unknown stage
            importlib.import_module(module)
    with taken.get_lock():
        slot = taken.value
        taken.value += 1
    array = slots.get_obj()
    array[slot * _FIELDS + _SEQ] = -1
    array[slot * _FIELDS + _PID] = os.getpid()
    _SLOT = (array, slot * _FIELDS)
    resources = Resources(settings)
    resources.on_load = _loading
    _WORKER = (Pipeline(stage_names), resources)


def _loading(started: bool) -> None:
    """Resources.on_load in a worker: a load (not counted in the limit) starts or ends."""
    assert _SLOT is not None
    array, at = _SLOT
    now = time.monotonic()
    if started:
        array[at + _LOADING] = now
    else:
        array[at + _LOADED] += now - array[at + _LOADING]
        array[at + _LOADING] = 0.0


def _exit_with_parent(parent: int) -> None:
    """End this worker when ``parent`` dies. The executor stops its workers on a normal exit,
    but a parent killed with SIGKILL tells nobody, and its workers would analyse on, orphaned,
    for as long as they had work (or wait forever). An orphan is re-parented, so its parent
    pid changes."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="claimscope-parent-watch", daemon=True).start()


def _analyze(seq: int, doc: Document) -> Document:
    assert _WORKER is not None and _SLOT is not None, "worker not initialised"
    pipeline, resources = _WORKER
    array, at = _SLOT
    array[at + _STARTED] = time.monotonic()
    array[at + _LOADED] = array[at + _LOADING] = 0.0
    array[at + _SEQ] = seq  # last: the parent reads the times only of the document it names
    try:
        return analyze_document(doc, pipeline, resources)
    finally:
        array[at + _SEQ] = -1


def default_workers() -> int:
    """As many workers as cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def analyze_parallel(
    docs: Iterator[Document], pipeline: Pipeline, settings: Settings, workers: int
) -> Iterator[tuple[Document, BaseException | None]]:
    """``(document, error)`` for every document of ``docs``, analysed by ``workers``
    processes, in input order. A document whose analysis raised comes back unanalysed with
    the exception; one stuck past its time limit where the worker cannot stop it comes back
    with a LimitError, and the workers are restarted."""
    names = tuple(s.name for s in pipeline.stages)
    modules = tuple(sorted({s.func.__module__ for s in pipeline.stages} - {"__main__"}))
    pool = _Pool(workers, (names, modules, settings, os.getpid()))
    limit = settings.timeout_per_doc
    pending: deque[tuple[int, Document, Future[Document]]] = deque()
    try:
        for seq, doc in enumerate(docs):
            pending.append((seq, doc, pool.submit(seq, doc)))
            if len(pending) >= workers * WINDOW:
                yield _next(pending, pool, limit)
        while pending:
            yield _next(pending, pool, limit)
    finally:
        pool.shutdown()


class _Pool:
    """A ProcessPoolExecutor and the shared array its workers report their document in, which
    can be killed and started again."""

    def __init__(self, workers: int, initargs: tuple[Any, ...]) -> None:
        # spawn, not fork: a forked child would inherit the parent's open SQLite connection.
        self.ctx = mp.get_context("spawn")
        self.workers = workers
        self.initargs = initargs
        self.crashes: dict[int, int] = {}  # document number -> times its worker died on it
        self.blind = 0  # breakdowns in a row that no document's worker was on
        self._start()

    def _start(self) -> None:
        self.slots = self.ctx.Array("d", [-1.0] * (self.workers * _FIELDS))
        taken = self.ctx.Value("i", 0)
        self.executor = ProcessPoolExecutor(
            self.workers, self.ctx, initializer=_init,
            initargs=(*self.initargs, self.slots, taken),
        )  # fmt: skip

    def submit(self, seq: int, doc: Document) -> Future[Document]:
        try:
            return self.executor.submit(_analyze, seq, doc)
        except BrokenProcessPool as e:  # a worker died: _next sends it again
            broken: Future[Document] = Future()
            broken.set_exception(e)
            return broken

    def crashed(self) -> set[int]:
        """The documents that workers which have died were analysing."""
        # Died by itself: the executor ends the others with SIGTERM once the pool is broken.
        dead = {
            pid
            for pid, process in getattr(self.executor, "_processes", {}).items()
            if process.exitcode is not None and process.exitcode != -signal.SIGTERM
        }
        array: Any = self.slots.get_obj()
        out = set()
        for at in range(0, self.workers * _FIELDS, _FIELDS):
            if int(array[at + _PID]) in dead and array[at + _SEQ] >= 0:
                out.add(int(array[at + _SEQ]))
        return out

    def spent(self, seq: int) -> float | None:
        """Seconds a worker has spent on document ``seq`` (loading left out), None when no
        worker is on it."""
        array: Any = self.slots.get_obj()
        now = time.monotonic()
        for at in range(0, self.workers * _FIELDS, _FIELDS):
            if array[at + _SEQ] == seq:
                started, loaded, loading = array[at + _STARTED : at + _PID]
                spent = (loading or now) - started - loaded
                return spent if array[at + _SEQ] == seq else None
        return None

    def restart(self) -> None:
        """Kill every worker (a stuck one ignores anything gentler) and start new ones."""
        processes = list(getattr(self.executor, "_processes", {}).values())
        for process in processes:
            with contextlib.suppress(OSError):
                process.kill()
        self.executor.shutdown(wait=True, cancel_futures=True)
        for process in processes:
            process.join(5)
        self._start()

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _next(
    pending: deque[tuple[int, Document, Future[Document]]], pool: _Pool, limit: float
) -> tuple[Document, BaseException | None]:
    """The result of the first pending document; when it is stuck past ``limit`` (and the
    grace), a LimitError for it, and the others sent again to restarted workers. When a worker
    died (the pool is broken), the documents in flight are sent again to new workers; the one
    the dead worker was analysing counts a crash, and after MAX_CRASHES it is reported."""
    seq, doc, future = pending[0]
    while limit > 0:
        done, _ = wait([future], timeout=PARENT_CHECK, return_when=FIRST_COMPLETED)
        if done:
            break
        spent = pool.spent(seq)
        if spent is not None and spent > limit + PARENT_GRACE:
            pending.popleft()
            _send_again(pending, pool)
            return doc, LimitError(
                f"analysis timed out after {limit:g} s: over --timeout-per-doc {limit:g} s and "
                "stuck outside Python code, where it could not be interrupted; its worker was "
                "stopped and restarted. Split the document or raise --timeout-per-doc"
            )
    else:
        wait([future])
    if _crashed(future):
        culprits = pool.crashed()
        pool.blind = 0 if culprits else pool.blind + 1
        if pool.blind > MAX_CRASHES:  # no document to blame: the workers cannot run at all
            raise ClaimscopeError(
                f"the worker processes keep stopping before they analyse anything "
                f"({future.exception()}); run with --workers 1 to see why"
            )
        _send_again(pending, pool, culprits)
        return _next(pending, pool, limit)
    pending.popleft()
    return _result(doc, future)


def _send_again(
    pending: deque[tuple[int, Document, Future[Document]]],
    pool: _Pool,
    culprits: Collection[int] = (),
) -> None:
    """Restart the workers and send them the pending documents whose outcome is not in yet; a
    culprit (its worker died on it) counts a crash, and one with MAX_CRASHES is failed."""
    rest = list(pending)
    kept = {s: f for s, _, f in rest if _finished(f)}
    pool.restart()
    pending.clear()
    for s, d, _ in rest:
        if s in kept:
            pending.append((s, d, kept[s]))
            continue
        if s in culprits:
            pool.crashes[s] = pool.crashes.get(s, 0) + 1
            if pool.crashes[s] >= MAX_CRASHES:
                failed: Future[Document] = Future()
                failed.set_exception(
                    LimitError(
                        f"its worker process died while analysing it ({pool.crashes[s]} "
                        "times: a crash in a library or the system running out of memory); "
                        "the other documents went on. Analyse it alone with --workers 1 to "
                        "see why"
                    )
                )
                pending.append((s, d, failed))
                continue
        pending.append((s, d, pool.submit(s, d)))


def _crashed(future: Future[Document]) -> bool:
    """Whether ``future`` ended because a worker died (the pool broke), not by its own
    outcome."""
    return future.done() and not future.cancelled() and not _finished(future)


def _finished(future: Future[Document]) -> bool:
    """Whether ``future`` holds its document's own outcome (not the pool's breakdown)."""
    if not future.done() or future.cancelled():
        return False
    return not isinstance(future.exception(), BrokenProcessPool)


def _result(doc: Document, future: Future[Document]) -> tuple[Document, BaseException | None]:
    try:
        return future.result(), None
    except Exception as e:  # reported per document by the caller; the run goes on
        return doc, e
