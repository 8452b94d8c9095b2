"""The Ledger: ingest -> pipeline -> store, idempotent, one transaction per document."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .analysis import analyze_document
from .assess import AssessReport, Policy, load_policy, situation_of
from .assess import assess as assess_claims
from .assess.runner import AssessProgress
from .errors import ClaimscopeError, IngestError, StoreUnavailableError
from .lang.loader import available_languages
from .model import Claim, Document, Situation
from .pipeline import Pipeline
from .resources import Resources
from .settings import Settings
from .store.base import ClaimFilter, DocumentInfo, Failure, LeaseOwner, Store, open_store
from .versioning import is_current
from .workers import analyze_parallel, default_workers

log = logging.getLogger(__name__)


@dataclass(slots=True)
class AnalyzeReport:
    """What one ``analyze`` run did. ``failed`` holds every input that was dropped, with why."""

    new: int = 0
    unchanged: int = 0
    reanalyzed: int = 0
    outdated: int = 0  # stored by an older pipeline and left as they are (no --reanalyze)
    # origins of the documents another live run was analysing (leased): left to that run
    busy: list[str] = field(default_factory=list)
    claims: int = 0
    failed: list[IngestError] = field(default_factory=list)
    # "origin: warning" for documents stored with a doubt, such as bytes replaced in decoding
    warnings: list[str] = field(default_factory=list)
    # "origin: problem" for documents stored with a problem (no date, a language without
    # support): stored and counted, but the analysis could make little of them
    problems: list[str] = field(default_factory=list)
    analysed: list[str] = field(default_factory=list)  # ids of the documents (re)analysed
    assessment: Any = None  # the AssessReport of the run's incremental assessment

    @property
    def ok(self) -> bool:
        return not self.failed


ProgressFn = Callable[[str, Document | IngestError], None]

# Seconds after which a document's lease is taken over even though its holder's process still
# exists: a bound for a run that hangs, or runs on another machine, where its pid means nothing.
# Far above what one document takes (the default --timeout-per-doc is 300 s), so a live run's
# lease is never taken over in practice; if one were, the document would be analysed twice and
# stored once (the write replaces), which is the cost before leases existed.
LEASE_SECONDS = 3600.0
# With ``workers=None``, more new documents than this are analysed in one process per core.
FEW_DOCUMENTS = 8


@dataclass(frozen=True, slots=True)
class Stored:
    """A document analysed and stored by someone else (a Dask worker, cluster.py): what the
    report counts of it, where a local analysis hands over the analysed document itself."""

    claims: int
    problem: str | None


# What an analysis step gives back for one document: None (the document, analysed here, is to
# be written), the exception its analysis raised, or Stored (analysed and written elsewhere).
Outcome = BaseException | Stored | None


class Cluster(Protocol):
    """Analyses and stores documents somewhere else (cluster.DaskCluster): ``analyze`` gives
    ``(document, outcome)`` for every document of ``docs``, in any order, with at most a
    bounded number of them read ahead."""

    def analyze(
        self, docs: Iterator[Document], pipeline: Pipeline, settings: Settings
    ) -> Iterator[tuple[Document, Outcome]]: ...


def refuse_workers(workers: int | None) -> None:
    """``--workers`` has no meaning on a cluster: say so rather than ignore it."""
    if workers is not None and workers > 1:
        raise ClaimscopeError(
            "--dask and --workers cannot be combined: on a cluster the workers are "
            "`dask worker` processes (--nworkers, --nthreads)"
        )


def problem(doc: Document) -> str | None:
    """Why the analysis of ``doc`` could make little of it, what the user can fix with an
    option, or None. The document is stored all the same, with this, and it is reported."""
    found = []
    if not doc.lang:
        found.append("language not identified (use --lang)")
    elif doc.lang not in available_languages():
        found.append(f"language {doc.lang!r} is not supported (no lang/ folder)")
    if not doc.date:
        found.append("no date (use --date)")
    return " and ".join(found) or None


class Ledger:
    """A store of analysed documents and their claims.

    ``Ledger(db)`` opens (or creates) the ledger at ``db``: an SQLite file path, a store URL
    (see :func:`claimscope.store.base.open_store`) or a :class:`Store`; nothing is opened or
    loaded until it is first used. ``create=False`` opens an existing ledger for reading only.
    Use it as a context manager, or call :meth:`close`.
    """

    def __init__(
        self,
        db: str | Path | Store = "claimscope.db",
        settings: Settings | None = None,
        pipeline: Pipeline | None = None,
        *,
        create: bool = True,
    ) -> None:
        self.settings = settings or Settings()
        self.store: Store = (
            open_store(db, create=create, timeout=self.settings.lock_timeout)
            if isinstance(db, str | Path)
            else db
        )
        self._pipeline = pipeline
        self._resources: Resources | None = None
        self._policy: Policy | None = None

    @property
    def location(self) -> str:
        """Where the ledger is (a path, or a URL without its password)."""
        return self.store.location

    @property
    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            self._pipeline = Pipeline()
        return self._pipeline

    @property
    def resources(self) -> Resources:
        if self._resources is None:
            self._resources = Resources(self.settings)
        return self._resources

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    # ------------------------------------------------------------------ writing
    def add(self, doc: Document, reanalyze: bool = False) -> str:
        """Analyse and store one document unless it is already there; returns what happened:
        ``new``, ``unchanged``, ``reanalyzed`` or ``outdated``."""
        stored, kept = self._stored(doc, reanalyze)
        if kept is not None:
            return kept
        analyze_document(doc, self.pipeline, self.resources)
        self.store.write_document(doc, problem(doc))
        return "new" if stored is None else "reanalyzed"

    def _stored(
        self, doc: Document, reanalyze: bool, seen: dict[str, bool] | None = None
    ) -> tuple[DocumentInfo | None, str | None]:
        """The stored copy of the document, and ``unchanged`` or ``outdated`` when it is to be
        kept as it is (None when it is to be analysed). Outdated: stored by other stages, by
        the same on language data, profiles or models changed since, or with another language
        or date than this run gives it (--lang, --date). ``--reanalyze`` also redoes a
        document stored with a problem. ``seen`` keeps the answer per stored version for one
        run (a corpus has a few)."""
        info = self.store.document_info(doc.id)
        if info is None:
            return None, None
        stored = info.pipeline_version or ""
        if seen is None:
            seen = {}
        if stored not in seen:
            seen[stored] = is_current(stored, self.pipeline.version)
        current = seen[stored] and not self._other_options(doc, info)
        if reanalyze and (not current or info.problem):
            return info, None
        return info, "unchanged" if current else "outdated"

    def _other_options(self, doc: Document, info: DocumentInfo) -> bool:
        """Whether this run gives the document another language or date than it was stored
        with (the text is the same, so its id is; the options are part of what was analysed)."""
        lang = doc.lang or self.settings.default_lang
        if lang and lang != info.lang:
            return True
        return bool(doc.date) and doc.date != info.date

    def analyze(
        self,
        paths: Iterable[str | Path],
        reanalyze: bool = False,
        progress: ProgressFn | None = None,
        workers: int | None = 1,
        assess: bool = True,
        cluster: Cluster | None = None,
        assess_progress: AssessProgress | None = None,
    ) -> AnalyzeReport:
        """Ingest ``paths`` (files, folders, ``-``) and analyse every new document, in
        ``workers`` processes (the ledger is written by this one; None: one per core when more
        than ``FEW_DOCUMENTS`` documents are new, else this process), or on ``cluster`` (a connected
        DaskCluster of cluster.py, left open), whose workers write the ledger. Then assess the
        situations the new documents touch (``assess=False`` leaves that to :meth:`assess`).

        A bad input is recorded as a failure and skipped; the rest goes on.
        """
        from .ingest import iter_documents

        if cluster is not None:
            refuse_workers(workers)

        report = AnalyzeReport()
        before: dict[str, str | None] = {}  # doc id -> pipeline version stored before this run
        # A document is analysed by one run only: this one leases it before analysing it (here,
        # in the process that writes the ledger, also with --workers) and skips one that another
        # live run holds. Writing the document drops its lease; a failure or the end of the run
        # drops what is left.
        owner = LeaseOwner.this_run()
        leased: set[str] = set()

        def note(outcome: str, item: Document | IngestError) -> None:
            if progress:
                progress(outcome, item)

        versions: dict[str, bool] = {}  # stored version -> current, for this run

        def todo() -> Iterator[Document]:
            for item in iter_documents([str(p) for p in paths], self.settings):
                if isinstance(item, IngestError):
                    self._fail(report, item)
                    note("failed", item)
                    continue
                report.warnings.extend(f"{item.origin}: {w}" for w in item.warnings)
                if item.id in before:  # the same text twice in one run
                    report.unchanged += 1
                    note("unchanged", item)
                    continue
                stored, kept = self._stored(item, reanalyze, versions)
                if kept is None:
                    if not self.store.lease(item.id, owner, LEASE_SECONDS):
                        report.busy.append(item.origin or item.id)
                        note("busy", item)
                        continue
                    leased.add(item.id)
                    # Another run may have stored it between the look above and the lease.
                    stored, kept = self._stored(item, reanalyze, versions)
                    if kept is not None:
                        self.store.release(owner, [item.id])
                        leased.discard(item.id)
                if kept is not None:
                    setattr(report, kept, getattr(report, kept) + 1)
                    if stored is not None and stored.problem:
                        report.problems.append(f"{item.origin or item.id}: {stored.problem}")
                    note(kept, item)
                    continue
                before[item.id] = stored.pipeline_version if stored else None
                yield item

        results: Iterator[tuple[Document, Outcome]]
        if cluster is not None:
            results = cluster.analyze(todo(), self.pipeline, self.settings)
        else:
            docs: Iterator[Document] = todo()
            if workers is None:
                # Worker processes each load the models (seconds per language): worth it only
                # for more than a few documents, which the first ones read tell.
                first = list(itertools.islice(docs, FEW_DOCUMENTS + 1))
                workers = default_workers() if len(first) > FEW_DOCUMENTS else 1
                docs = itertools.chain(first, docs)
            if workers > 1:
                results = analyze_parallel(docs, self.pipeline, self.settings, workers)
            else:
                results = (self._analyze_one(doc) for doc in docs)
        try:
            self._store_results(results, report, before, note)
        finally:
            # Stop the analysis still under way (worker processes, a cluster's tasks) before
            # the leases go: a run stopping on an error stops its helpers too.
            close = getattr(results, "close", None)
            if close is not None:
                close()
            if leased - set(report.analysed):  # failed, or the run is stopping: let them go
                self._release(owner)
        if assess:
            # Documents stored but never assessed (a run killed between the two, or run
            # without assessment) are finished now, even when nothing new was analysed.
            done = set(report.analysed)
            todo_ids = report.analysed + [
                d for d in self.store.pending_documents() if d not in done
            ]
            if todo_ids:
                report.assessment = self.assess(todo_ids, assess_progress)
        return report

    def _store_results(
        self,
        results: Iterable[tuple[Document, Outcome]],
        report: AnalyzeReport,
        before: dict[str, str | None],
        note: Callable[[str, Document | IngestError], None],
    ) -> None:
        """Write each analysed document (one transaction each, which drops its lease) and count
        it; a document whose analysis or write failed is recorded as a failure. A document
        stored elsewhere (Stored) is only counted."""
        for doc, outcome in results:
            error = outcome if isinstance(outcome, BaseException) else None
            if isinstance(outcome, Stored):
                found, claims = outcome.problem, outcome.claims
            else:
                found, claims = (problem(doc) if error is None else None), len(doc.claims)
            if outcome is None:
                try:
                    self.store.write_document(doc, found)
                except StoreUnavailableError:
                    raise  # locked, read-only or full: every later document would fail too
                except ClaimscopeError as e:
                    error = e
            if error is not None:
                if not isinstance(error, ClaimscopeError):
                    log.error("analysing %s failed", doc.origin, exc_info=error)
                    error = ClaimscopeError(f"analysis failed: {error!r}")
                self._fail(report, IngestError(doc.origin or doc.id, str(error)))
                note("failed", doc)
                continue
            kind = "new" if before.get(doc.id) is None else "reanalyzed"
            report.analysed.append(doc.id)
            if found:
                report.problems.append(f"{doc.origin or doc.id}: {found}")
            report.claims += claims
            setattr(report, kind, getattr(report, kind) + 1)
            note(kind, doc)

    def _release(self, owner: LeaseOwner) -> None:
        """Drop the leases ``owner`` still holds; a store that cannot be written now keeps them
        (said in the log), and the next run takes them over once this process is gone."""
        try:
            self.store.release(owner)
        except ClaimscopeError as e:
            log.warning("%s", e)

    # ------------------------------------------------------------------ assessing
    @property
    def policy(self) -> Policy:
        if self._policy is None:
            self._policy = load_policy(self.settings.policy)
        return self._policy

    def assess(
        self, doc_ids: list[str] | None = None, progress: AssessProgress | None = None
    ) -> AssessReport:
        """Place claims in situations and judge them under the policy: the situations the
        documents ``doc_ids`` touch, or the whole ledger (``None``). ``progress(step, done,
        total)`` is told how far it is (assess.runner.AssessProgress). Memory holds a few
        hundred documents' claims and the situations still open, however many documents are
        new and however large the ledger."""
        return assess_claims(self.store, self.policy, doc_ids, self.settings.profiles, progress)

    def situations(self) -> list[Situation]:
        return self.store.situations()

    def situation(self, situation_id: str) -> tuple[Situation, list[Claim]]:
        """A situation (an unambiguous id prefix is enough) and its claims as a timeline."""
        return situation_of(self.store, situation_id)

    def _analyze_one(self, doc: Document) -> tuple[Document, Outcome]:
        try:
            return analyze_document(doc, self.pipeline, self.resources), None
        except Exception as e:  # a stage bug must not stop the other documents
            return doc, e

    def _fail(self, report: AnalyzeReport, error: IngestError) -> None:
        report.failed.append(error)
        log.warning("%s", error)
        self.store.record_failure(error)

    # ------------------------------------------------------------------ reading
    def claims(self, **filters: Any) -> Iterator[Claim]:
        """Claims with their status, filtered by claimant, status, lang, since, until, search,
        doc_id, situation_id, limit (``claimscope.records.claim_record`` turns one into the
        JSONL record of schema/claim.schema.json)."""
        return self.store.claims(ClaimFilter(**filters))

    def count_claims(self, **filters: Any) -> int:
        """How many claims :meth:`claims` gives for the same filters (``limit`` left out)."""
        filters.pop("limit", None)
        return self.store.count_claims(ClaimFilter(**filters))

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id (an unambiguous prefix is enough)."""
        return self.store.claim(claim_id)

    def document(self, doc_id: str) -> Document:
        """The stored document (an unambiguous id prefix is enough) with its annotations."""
        return self.store.get_document(doc_id)

    def documents(self) -> Iterator[DocumentInfo]:
        return self.store.documents()

    def failures(self) -> list[Failure]:
        return self.store.failures()

    def stats(self) -> dict[str, int]:
        return self.store.stats()
