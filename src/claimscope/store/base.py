"""The store protocol: everything the ledger, the assessment and the CLI ask of a store, and
:func:`open_store`, which picks the implementation from a path or URL.

Stages never see a store. A store returns model objects (:class:`~claimscope.model.Claim`,
:class:`~claimscope.model.Document`, :class:`~claimscope.model.Situation`); dicts exist only at
the edges (JSONL, CSV, an API). Every implementation passes the same contract suite
(``tests/store/test_contract.py``). To add one: a module with a class implementing
:class:`Store`, and one entry in :data:`SCHEMES`.
"""

from __future__ import annotations

import base64
import binascii
import importlib
import json
import os
import re
import secrets
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol, get_args
from urllib.parse import urlsplit

from ..errors import IngestError, QueryError, StoreError
from ..lang.codes import parse_lang
from ..model import (
    EVENT_TYPES,
    SOURCE_TYPES,
    Assessment,
    Claim,
    Document,
    Placement,
    Situation,
    Status,
)
from ..processes import process_exists
from ..reasons import to_json

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
MAX_LIMIT = 2**63 - 1  # SQLite's largest integer


# Orders a listing of claims can be read in ("-" first: the reverse). Every order ends on the
# document and the claim's place in it, so a cursor can say where a page stopped.
SORTS = (
    "date",  # publication date (the default)
    "-date",
    "event_date",  # when the event is said to be (else when it was published)
    "-event_date",
    "claimant",
    "-claimant",
    "status",
    "-status",
    "source_type",
    "-source_type",
    "event_type",
    "-event_type",
)
DATE_BY = ("published", "event")
# Fields of the facet counts (``Store.facets``), in the order a page shows them.
FACETS = ("source_type", "status", "lang", "event_type", "claimant")


@dataclass(slots=True)
class ClaimFilter:
    """Filters of ``claimscope claims``; every given field narrows the result (AND)."""

    claimant: str | None = None  # substring of the claimant name, case-insensitive
    status: str | None = None
    lang: str | None = None
    since: str | None = None  # date >= since (string order of ISO dates)
    until: str | None = None  # date <= until (a prefix match counts as inside)
    search: str | None = None  # full-text query over claim text and claimant
    doc_id: str | None = None
    situation_id: str | None = None
    limit: int | None = None
    source_type: str | None = None  # party, third_party, observer, media, unknown, mixed
    event_type: str | None = None  # a PLOVER type, STATEMENT or OTHER (any case)
    # which date since/until compare: the document's publication date, or the event's own time
    # as the claim gives it (the capture time of an observation), else the publication date
    date_by: str = "published"
    sort: str = "date"  # one of SORTS
    cursor: str | None = None  # where the previous page stopped (Store.claims_page gives it)

    def __post_init__(self) -> None:
        """A filter that cannot match what it means is refused, not answered with nothing (a
        misspelt status) or with everything (a limit of 0). Control characters in the free
        text are spaces: SQLite's FTS5 read a NUL as the end of its query ("unterminated
        string"), PostgreSQL refuses NUL in any text."""
        for name in ("search", "claimant"):
            value = getattr(self, name)
            if value is not None:
                setattr(self, name, _CONTROL.sub(" ", value))
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _is_date(value):
                raise QueryError(f"{name} {value!r}: not a date; give YYYY, YYYY-MM or YYYY-MM-DD")
        if self.status is not None and self.status not in get_args(Status):
            raise QueryError(
                f"status {self.status!r}: no such status; give one of {', '.join(get_args(Status))}"
            )
        if self.lang is not None:
            code = parse_lang(self.lang)  # stored codes are lower-case primary subtags
            if code is None:
                raise QueryError(
                    f"lang {self.lang!r}: not a language code; give an ISO 639 code such as en"
                )
            self.lang = code
        if self.limit is not None and not 1 <= self.limit <= MAX_LIMIT:
            raise QueryError(
                f"limit {self.limit}: give a positive number of claims (at most {MAX_LIMIT})"
            )
        _one_of("source_type", self.source_type, SOURCE_TYPES)
        if self.event_type is not None:
            self.event_type = self.event_type.upper()
        _one_of("event_type", self.event_type, EVENT_TYPES)
        _one_of("date_by", self.date_by, DATE_BY)
        _one_of("sort", self.sort, SORTS)
        if self.cursor is not None:
            decode_cursor(self.cursor, self.sort)


def _one_of(name: str, value: str | None, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise QueryError(f"{name} {value!r}: not known; give one of {', '.join(allowed)}")


def encode_cursor(sort: str, key: list[Any]) -> str:
    """An opaque token for "after the row whose sort key is ``key``" in the order ``sort``."""
    raw = json.dumps([sort, *key], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list[Any]:
    """The sort key a cursor holds: (sort value, document date, document id, position);
    raises QueryError for a token this listing did not give (or one of another order)."""
    bad = QueryError(
        f"cursor {cursor[:40]!r}: not a cursor of this listing (sort {sort}); "
        "leave it out to start from the first page"
    )
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad from None
    if not (
        isinstance(value, list)
        and len(value) == 5
        and value[0] == sort
        and all(isinstance(v, str) for v in value[1:4])
        and isinstance(value[4], int)
        and not isinstance(value[4], bool)
        and abs(value[4]) <= MAX_LIMIT
    ):
        raise bad
    return value[1:]


def _is_date(value: str) -> bool:
    m = _DATE.match(value)
    if not m:
        return False
    year, month, day = (int(g) if g else 1 for g in m.groups())
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A stored document without its text and annotations (for listings)."""

    id: str
    date: str | None
    lang: str | None
    title: str | None
    origin: str | None
    pipeline_version: str | None
    claims: int
    problem: str | None = None  # why the analysis could make little of it ("no date …")


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that was dropped, and why (``line`` None: the whole file)."""

    origin: str
    line: int | None
    reason: str
    at: str


@dataclass(frozen=True, slots=True)
class LeaseOwner:
    """A run that leases documents to analyse: a token of its own, and the machine and process
    it runs in (to tell a killed run's leases from those of a live one)."""

    token: str
    host: str
    pid: int

    @classmethod
    def this_run(cls) -> LeaseOwner:
        """A new owner for a run of this process."""
        pid = os.getpid()
        return cls(
            f"{socket.gethostname()}:{pid}:{secrets.token_hex(6)}", socket.gethostname(), pid
        )

    def alive(self) -> bool:
        """Whether its process still runs; a process on another machine cannot be asked about
        and counts as alive (its leases end with their age bound)."""
        return self.host != socket.gethostname() or process_exists(self.pid)


# What the claims table keeps of a verdict: status, situation id, reasons as JSON, claim id.
VerdictRow = tuple[str, str | None, str, str]


def verdict_row(a: Assessment) -> VerdictRow:
    return (
        a.status,
        a.situation_id,
        json.dumps([to_json(r) for r in a.reasons], ensure_ascii=False),
        a.claim_id,
    )


def like_escape(s: str) -> str:
    """``s`` as a literal inside a LIKE pattern with ``ESCAPE '\\'``."""
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Store(Protocol):
    """A ledger's storage. Safe to share between threads; each write is one transaction."""

    @property
    def location(self) -> str:
        """Where the store is (a path or a URL without its password), for messages."""
        ...

    # ------------------------------------------------------------------ documents
    def pipeline_version_of(self, doc_id: str) -> str | None:
        """The pipeline version the document was analysed with, or None if it is not stored."""
        ...

    def write_document(self, doc: Document, problem: str | None = None) -> None:
        """Write ``doc`` with all its results in ONE transaction, replacing earlier results,
        with ``problem`` (why the analysis could make little of it, or None), and mark it
        pending (its assessment is not yet saved) and drop its lease in that same transaction."""
        ...

    def lease(self, doc_id: str, owner: LeaseOwner, max_age: float) -> bool:
        """Take the lease on the document ``doc_id`` for ``owner`` before analysing it, in a
        transaction of its own: True when no one holds it, ``owner`` does, or its holder's
        process is gone or took it more than ``max_age`` seconds ago (taken over); False while
        another live run holds it (that run is analysing the document)."""
        ...

    def release(self, owner: LeaseOwner, doc_ids: Iterable[str] | None = None) -> None:
        """Drop the leases ``owner`` holds on ``doc_ids`` (all of them if None). Writing a
        document drops its lease, whoever holds it."""
        ...

    def leases(self) -> list[tuple[str, LeaseOwner, float]]:
        """(document id, holder, Unix time taken) of every lease, by document id."""
        ...

    def document_info(self, doc_id: str) -> DocumentInfo | None:
        """The stored document with this full id (no text), or None."""
        ...

    def pending_documents(self) -> list[str]:
        """Ids of the documents written but not assessed since (a run killed or interrupted
        between the two, ``analyze`` without assessment)."""
        ...

    def get_document(self, doc_id: str) -> Document:
        """The document with this id or unambiguous id prefix, with its annotations; raises
        NotFoundError."""
        ...

    def documents(self) -> Iterator[DocumentInfo]: ...

    # ------------------------------------------------------------------ failures
    def record_failure(self, error: IngestError) -> None: ...

    def clear_failure(self, origin: str) -> None: ...

    def failures(self) -> list[Failure]: ...

    # ------------------------------------------------------------------ claims
    def claims(self, flt: ClaimFilter | None = None, *, reasons: bool = True) -> Iterator[Claim]:
        """Claims in order of document date, document and position, with their status and
        (unless ``reasons=False``, for a reader that judges them again) their reasons."""
        ...

    def claims_page(
        self, flt: ClaimFilter, size: int, *, reasons: bool = True
    ) -> tuple[list[Claim], str | None]:
        """At most ``size`` claims in the order ``flt.sort``, after ``flt.cursor`` (``flt.limit``
        is not used), and the cursor of the next page (None: this is the last)."""
        ...

    def count_claims(self, flt: ClaimFilter) -> int:
        """How many claims ``flt`` matches (its cursor, sort and limit are not used)."""
        ...

    def facets(self, flt: ClaimFilter, top: int = 20) -> dict[str, list[tuple[str, int]]]:
        """For each field of :data:`FACETS`, (value, number of claims) among the claims ``flt``
        matches without its condition on that field (the values one could switch to), most
        first (the ``top`` most for the claimant); cursor, sort and limit unused."""
        ...

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id or unambiguous id prefix; raises NotFoundError."""
        ...

    def claims_of_documents(
        self, doc_ids: Iterable[str], *, reasons: bool = True
    ) -> list[Claim]: ...

    def claims_of_situations(
        self, situation_ids: Iterable[str], *, reasons: bool = True
    ) -> list[Claim]: ...

    def claims_by_id(self, claim_ids: Iterable[str], *, reasons: bool = True) -> list[Claim]: ...

    def stances_toward(self, claim_ids: Iterable[str]) -> list[tuple[str, str, str]]:
        """(holder claim id, target claim id, relation) of the stances towards ``claim_ids``,
        in order of target, holder and relation (not of writing, which two runs may not share)."""
        ...

    # ------------------------------------------------------------------ assessment
    def placements(self, doc_ids: Iterable[str] | None = None) -> Iterator[Placement]:
        """The stored placements (see model.Placement) of the claims of ``doc_ids``, or of
        every claim (None), each with its situation."""
        ...

    def save_placements(self, documents: Iterable[str], placements: Iterable[Placement]) -> None:
        """The placements of the claims of ``documents`` become ``placements``, in one
        transaction (a claim no longer stored gets none)."""
        ...

    def placement_starts(self) -> list[tuple[str, str]]:
        """(document id, earliest start of its placements, ISO) of every placed document."""
        ...

    def situations(self) -> list[Situation]: ...

    def situation(self, situation_id: str) -> Situation:
        """The situation with this id or unambiguous id prefix; raises NotFoundError."""
        ...

    def meta(self, key: str) -> str | None: ...

    def save_assessment(
        self,
        situations: list[Situation],
        gone: Iterable[str],
        assessments: Iterable[Assessment | VerdictRow],
        policy_digest: str,
        full: bool,
        documents: Iterable[str] = (),
        generation: str | None = None,
    ) -> None:
        """Write situations and verdicts in ONE transaction; ``full`` replaces every situation
        and resets the claims not judged; ``gone`` are situations merged away. In the same
        transaction the documents ``documents`` (every one if ``full``) stop being pending.
        ``generation`` is ``meta("generation")`` ("0" when absent) as read before the
        assessment was made: if another assessment was saved since, nothing is written and
        StaleAssessmentError is raised (None: not checked). A verdict may come as the row verdict_row makes of it
        (an assessment that keeps more verdicts than memory holds writes them so)."""
        ...

    def stats(self) -> dict[str, int]: ...

    def close(self) -> None: ...


# URL scheme -> "module:Class". A path without a scheme is an SQLite file.
SCHEMES: dict[str, str] = {
    "sqlite": "claimscope.store.sqlite:SQLiteStore",
    "postgresql": "claimscope.store.postgres:PostgresStore",
    "postgres": "claimscope.store.postgres:PostgresStore",  # libpq takes both spellings
}


def open_store(url: str | Path, *, create: bool = True, timeout: float | None = None) -> Store:
    """The store at ``url``: a file path or ``sqlite:///path`` (SQLite), or a URL whose scheme
    is in :data:`SCHEMES`. Nothing is connected until the store is first used.

    ``create=False`` opens it for reading only: a missing, empty or older ledger is refused, and
    nothing is ever written (a reader must not migrate a file). Whatever ``create``, a database
    that is not a claimscope ledger is refused untouched. ``timeout``: seconds to wait for
    another writer's lock. Every store class takes these two keyword arguments."""
    text = str(url)
    scheme = urlsplit(text).scheme.lower() if "://" in text else ""
    if not scheme:
        target, scheme = text, "sqlite"
    elif scheme == "sqlite":
        target = text.split("://", 1)[1]
        target = target[1:] if target.startswith("/") and not target.startswith("//") else target
        target = target[1:] if target.startswith("//") else target
    else:
        target = text
    base = scheme.split("+", 1)[0]
    if base not in SCHEMES:
        known = ", ".join(sorted(SCHEMES))
        raise StoreError(f"{redact(text)}: no store for '{base}://' (known: {known}, or a path)")
    module, _, cls = SCHEMES[base].partition(":")
    try:
        found = importlib.import_module(module)
    except ImportError as e:  # a store's driver is imported only when its URL is used
        raise StoreError(
            f"{redact(text)}: the '{base}://' store needs the Python package {e.name!r}, "
            "which is not installed; reinstall claimscope with its dependencies"
        ) from e
    store: Store = getattr(found, cls)(target, create=create, timeout=timeout)
    return store


def redact(url: str) -> str:
    """``url`` without a password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url
