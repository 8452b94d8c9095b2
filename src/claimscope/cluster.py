"""``analyze --dask ADDRESS``: the documents analysed on a Dask distributed cluster.

The client (this process) ingests the inputs as a stream, skips and leases documents as any run
does (Ledger.analyze's ``todo()``) and sends each new document to the cluster as one task, with
at most ``WINDOW`` tasks per worker thread in flight, so a corpus of any size never sits in its
memory. A task runs on a worker: the pipeline, then ``write_document`` into the PostgreSQL
ledger, and it sends back only what the report counts (claims, problem, or the error), never
the document. The client counts, records failures and assesses once at the end, as for a local
run.

Each worker process builds its Pipeline, Resources (the models) and its connection to the
ledger once, on its first task, and keeps them for every later task of the same settings. It
analyses one document at a time (the pipeline is CPU-bound Python, so threads would not add
speed): run workers with ``--nthreads 1`` and as many processes as cores (``--nworkers``).
The time limit: tasks run on a worker's thread, where no timer signal can interrupt them, so a
document's ``timeout_per_doc`` is checked between stages (analysis.py).

A worker that dies mid-task loses nothing: the scheduler gives its tasks to another worker
(up to ``distributed.scheduler.allowed-failures`` times, then the document is reported failed),
and writing a document replaces what an earlier try stored, in one transaction, so it is
never stored twice. ``distributed`` is imported only here, only with ``--dask``.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .analysis import analyze_document
from .errors import ClaimscopeError, StoreError, StoreUnavailableError
from .ledger import Outcome, Stored, problem
from .model import Document
from .pipeline import Pipeline
from .resources import Resources
from .settings import Settings
from .store.base import Store, open_store
from .workers import WINDOW

log = logging.getLogger(__name__)

# Seconds to wait for the scheduler to answer before the run is refused with one line.
CONNECT_TIMEOUT = 10.0
INSTALL = "pip install 'claimscope[dask]'"


@dataclass(frozen=True, slots=True)
class Job:
    """What every task of one run needs besides its document (small: sent with each task)."""

    stages: tuple[str, ...]
    modules: tuple[str, ...]  # modules that register stages outside claimscope (a plugin, a test)
    settings: Settings
    url: str  # the ledger, with its password when the URL holds one


@dataclass(frozen=True, slots=True)
class Done:
    """What a task sends back: the document's claims and problem, or why it failed."""

    claims: int = 0
    problem: str | None = None
    error: str | None = None
    unavailable: bool = False  # the ledger cannot be written at all: the run stops


class DaskCluster:
    """A client connected to a Dask scheduler, for the runs of one ``analyze``."""

    def __init__(self, client: Any, url: str) -> None:
        self.client = client
        self.url = url

    @classmethod
    def connect(cls, address: str, store: Store) -> DaskCluster:
        """Connect to the scheduler at ``address`` for writing ``store``, which must be a
        PostgreSQL ledger; each refusal is one ClaimscopeError that says what to do."""
        from .store.postgres import PostgresStore

        if not isinstance(store, PostgresStore):
            raise StoreError(
                f"{store.location}: --dask needs a PostgreSQL ledger (--db "
                "postgresql://user@host/dbname) that every worker can reach; workers on other "
                "machines cannot share an SQLite file"
            )
        try:
            from distributed import Client
        except ImportError:
            raise ClaimscopeError(
                f"--dask needs the Python package 'distributed', which is not installed: {INSTALL}"
            ) from None
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as e:
            raise ClaimscopeError(
                f"{address}: no Dask scheduler answered within {CONNECT_TIMEOUT:g} s "
                f"({type(e).__name__}); start one with `dask scheduler` and give its address "
                "(tcp://HOST:8786)"
            ) from None
        return cls(client, store.url)

    def threads(self) -> int:
        """Worker threads on the cluster now (at least 1: workers may join later)."""
        return max(1, sum(self.client.nthreads().values()))

    def analyze(
        self, docs: Iterator[Document], pipeline: Pipeline, settings: Settings
    ) -> Iterator[tuple[Document, Outcome]]:
        """``(document, outcome)`` for every document of ``docs``, as each task ends: Stored
        once a worker stored it, or the error. At most ``WINDOW`` per worker thread in flight."""
        from distributed import as_completed

        modules = tuple(sorted({s.func.__module__ for s in pipeline.stages} - {"__main__"}))
        job = Job(tuple(s.name for s in pipeline.stages), modules, settings, self.url)
        window = WINDOW * self.threads()
        run = uuid.uuid4().hex[:12]
        flight: dict[Any, Document] = {}  # future -> the document it analyses
        done = as_completed(loop=self.client.loop)
        try:
            for doc in docs:
                future = self.client.submit(
                    _analyze_and_store, doc, job, key=f"claimscope-{run}-{doc.id}"
                )
                flight[future] = doc
                done.add(future)
                while len(flight) >= window:
                    yield self._outcome(next(done), flight)
            for future in done:
                yield self._outcome(future, flight)
        finally:
            if flight:  # stopped early: nothing more is to run for this run
                self.client.cancel(list(flight))

    def _outcome(self, future: Any, flight: dict[Any, Document]) -> tuple[Document, Outcome]:
        doc = flight.pop(future)
        from distributed import KilledWorker

        try:
            done: Done = future.result()
        except KilledWorker:
            return doc, ClaimscopeError(
                "its Dask worker died while analysing it, each time it was tried "
                "(distributed.scheduler.allowed-failures); analyse it alone to see why"
            )
        except Exception as e:  # the task itself failed (a stage module the worker lacks …)
            return doc, ClaimscopeError(f"on the Dask cluster: {type(e).__name__}: {e}")
        if done.unavailable:
            raise StoreUnavailableError(f"on a Dask worker: {done.error}")
        if done.error is not None:
            return doc, ClaimscopeError(done.error)
        return doc, Stored(done.claims, done.problem)

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> DaskCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------------- on a worker
# One Pipeline, Resources and store per worker process (keyed by what they are built from),
# made by its first task; module state, because that is what stays in a worker between tasks.
_PIPELINES: dict[tuple[str, ...], Pipeline] = {}
_RESOURCES: dict[str, Resources] = {}
_STORES: dict[str, Store] = {}
_STATE = threading.Lock()  # builds the state above, once
_ANALYSIS = threading.Lock()  # one document at a time per process


def _state(job: Job) -> tuple[Pipeline, Resources, Store]:
    with _STATE:
        if job.stages not in _PIPELINES:
            for module in job.modules:  # then Pipeline names a stage still unknown
                try:
                    importlib.import_module(module)
                except ImportError as e:
                    log.warning("cannot import the stage module %s: %s", module, e)
            _PIPELINES[job.stages] = Pipeline(job.stages)
        key = repr(dataclasses.replace(job.settings, db=""))  # the models do not depend on it
        if key not in _RESOURCES:
            _RESOURCES[key] = Resources(job.settings)
        if job.url not in _STORES:
            _STORES[job.url] = open_store(job.url, timeout=job.settings.lock_timeout)
        return _PIPELINES[job.stages], _RESOURCES[key], _STORES[job.url]


def _analyze_and_store(doc: Document, job: Job) -> Done:
    """The task: analyse one document and store it (one transaction). A failure comes back as
    its message, as the local run reports it; the run goes on."""
    try:
        pipeline, resources, store = _state(job)
        with _ANALYSIS:
            analyze_document(doc, pipeline, resources)
        found = problem(doc)
        store.write_document(doc, found)
    except StoreUnavailableError as e:
        return Done(error=str(e), unavailable=True)
    except ClaimscopeError as e:
        return Done(error=str(e))
    except Exception as e:  # a stage bug must not stop the other documents
        log.error("analysing %s failed", doc.origin, exc_info=e)
        return Done(error=f"analysis failed: {e!r}")
    return Done(len(doc.claims), found)
