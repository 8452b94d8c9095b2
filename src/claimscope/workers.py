"""Analysis in worker processes: the NLP runs in parallel, the ledger is written by one process.

SQLite has one writer, and the pipeline is CPU-bound Python and spaCy, so ``analyze --workers
N`` sends documents to N processes and writes their results in the parent, one transaction per
document, in the order the inputs came. At most ``WINDOW`` documents per worker are in flight,
so memory stays flat whatever the corpus size.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from .analysis import analyze_document
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


# How often a worker looks whether its parent is still there (seconds).
PARENT_POLL = 0.5


def _init(stage_names: tuple[str, ...], settings: Settings, parent: int) -> None:
    global _WORKER
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _exit_with_parent(parent)
    _WORKER = (Pipeline(stage_names), Resources(settings))


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


def _analyze(doc: Document) -> Document:
    assert _WORKER is not None, "worker not initialised"
    pipeline, resources = _WORKER
    return analyze_document(doc, pipeline, resources)


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
    the exception."""
    names = tuple(s.name for s in pipeline.stages)
    # spawn, not fork: a forked child would inherit the parent's open SQLite connection.
    ctx = mp.get_context("spawn")
    init = (names, settings, os.getpid())
    with ProcessPoolExecutor(workers, ctx, initializer=_init, initargs=init) as pool:
        pending: deque[tuple[Document, Future[Document]]] = deque()
        for doc in docs:
            pending.append((doc, pool.submit(_analyze, doc)))
            if len(pending) >= workers * WINDOW:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())


def _result(doc: Document, future: Future[Document]) -> tuple[Document, BaseException | None]:
    try:
        return future.result(), None
    except Exception as e:  # reported per document by the caller; the run goes on
        return doc, e
