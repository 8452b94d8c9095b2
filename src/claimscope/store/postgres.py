"""PostgreSQL store (``--db postgresql://user@host:port/dbname``): the SQLite store's schema and
meaning in PostgreSQL, for several ``analyze`` runs on several machines writing one ledger.

How writers stay out of each other's way (SQLite has one writer at a time; PostgreSQL does not):

* Migrations: each in one transaction under an advisory lock, the version read again under it,
  so processes that open a new or older database together apply each migration once.
* Documents: one transaction per document, under a per-document advisory lock (the key is the
  document id, the hash of its text), replacing what was stored: two runs that store the same
  document leave one copy, as the SQLite store's replace does.
* Leases: taken under the same per-document lock, so two runs never both find one free.
* Assessments: saved under an exclusive advisory lock that every document write holds shared;
  the generation is read under it, so of two runs that assessed the same situations from the
  same state the second is refused (StaleAssessmentError) and assesses again, and no document
  is written half-way through a save.

Every value is a bound parameter; the only text put into SQL comes from fixed tables.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any

import psycopg

from ..errors import StoreError
from ..model import Document
from .assessments import AssessmentStore
from .base import ClaimFilter, DocumentInfo, redact
from .documents import DocumentStore
from .postgres_checks import (
    DOC_LOCKS,
    SCHEMA_LOCK,
    VERSION_TABLE,
    WRITES_LOCK,
    check_schema,
    pg_error,
    schema_version,
)
from .postgres_claims import POSTGRES
from .rows import (
    DOCUMENT_COLUMNS,
    MENTION_COLUMNS,
    document_of_row,
    mention_of_row,
)
from .sql import ClaimQueries, migration_scripts
from .sqlite_checks import lock_timeout

log = logging.getLogger(__name__)

# Seconds to wait for the server to answer a connection (libpq's connect_timeout), unless the
# URL gives its own: a stopped server or a wrong host is one line after this, not a hang.
CONNECT_TIMEOUT = 10


def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every PostgreSQL migration shipped, in order; the versions
    mean what the SQLite migrations of the same number mean."""
    return migration_scripts("migrations_pg")


def _conninfo(target: str) -> str:
    """The URL as libpq takes it: ``postgresql+psycopg://`` loses its driver part."""
    scheme, rest = target.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


class PostgresStore(ClaimQueries, DocumentStore, AssessmentStore):
    """A ledger in a PostgreSQL database. Each thread gets a connection of its own, opened on
    its first use (a psycopg connection runs one transaction at a time); :meth:`close` closes
    them all. Nothing is connected until the store is first used."""

    dialect = POSTGRES
    db_error = psycopg.Error

    def __init__(self, target: str, *, create: bool = True, timeout: float | None = None) -> None:
        """``target``: a ``postgresql://`` or ``postgres://`` URL (libpq's form). ``create``:
        create the schema in an empty database and migrate an older one; without it every
        transaction is read-only and an empty, older or foreign database is refused.
        ``timeout``: seconds to wait for another writer's lock (see Settings.lock_timeout)."""
        self.url = _conninfo(target)
        self.path = redact(target)  # what messages name: never the password
        self.create = create
        self.timeout = lock_timeout(self.path, timeout)
        self._local = threading.local()
        self._all: list[psycopg.Connection[Any]] = []
        self._lock = threading.Lock()

    @property
    def location(self) -> str:
        return self.path

    # ------------------------------------------------------------------ connection
    @property
    def conn(self) -> psycopg.Connection[Any]:
        conn: psycopg.Connection[Any] | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed:  # closed: the server ended it; connect again
            conn = self._open()
            with self._lock:
                self._all.append(conn)
            self._local.conn = conn
        return conn

    def _open(self) -> psycopg.Connection[Any]:
        extra: dict[str, Any] = {"application_name": "claimscope"}
        if "connect_timeout" not in self.url:
            extra["connect_timeout"] = CONNECT_TIMEOUT
        try:
            conn = psycopg.connect(self.url, autocommit=True, **extra)
        except psycopg.Error as e:
            raise self.error(e, "connect to the ledger") from e
        try:
            # 0 s means "do not wait" (as SQLite's timeout), where PostgreSQL's 0 waits forever.
            wait = f"{max(1, round(self.timeout * 1000))}ms"
            conn.execute("SELECT set_config('lock_timeout', %s, false)", (wait,))
            if not self.create:  # a reader's every transaction is read-only
                conn.execute("SELECT set_config('default_transaction_read_only', 'on', false)")
            check_schema(conn, self.path, self.create, migrations())
            if self.create:
                self._migrate(conn)
        except (psycopg.Error, StoreError) as e:
            conn.close()
            if isinstance(e, StoreError):
                raise
            raise self.error(e, "open the ledger") from e
        return conn

    def error(self, e: psycopg.Error, doing: str) -> StoreError:
        """``e`` as a one-line error naming the ledger (see :func:`pg_error`)."""
        return pg_error(e, self.path, doing, self.timeout)

    def _migrate(self, conn: psycopg.Connection[Any]) -> None:
        """Apply the migrations the database lacks, each in one transaction under an advisory
        lock; the version is read again under the lock, so that processes starting together
        apply each migration once (the others wait, find it done and go on)."""
        for version, name, sql in migrations():
            if schema_version(conn) >= version:
                continue
            try:
                with conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", SCHEMA_LOCK)
                    if schema_version(conn) < version:
                        log.info("migrating %s to schema version %d (%s)", self.path, version, name)
                        conn.execute(sql)  # no parameters: PostgreSQL runs the whole script
                        conn.execute(
                            f"CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (version INTEGER NOT NULL)"
                        )
                        conn.execute(f"DELETE FROM {VERSION_TABLE}")
                        conn.execute(f"INSERT INTO {VERSION_TABLE} VALUES (%s)", (version,))
            except psycopg.Error as e:
                raise self.error(e, f"apply migration {name}") from e

    @property
    def schema_version(self) -> int:
        return schema_version(self.conn)

    def _txn(self) -> AbstractContextManager[psycopg.Transaction]:
        if not self.create:
            raise StoreError(f"{self.path}: opened read-only; nothing can be written")
        return self.conn.transaction()

    def _lock_writes(self, conn: psycopg.Connection[Any]) -> None:
        """An assessment is saved under this exclusive lock, which every document write holds
        shared: no document is half-replaced while verdicts are written beside it, and the
        generation read under it refuses a second run that assessed the same state."""
        conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", WRITES_LOCK)

    def _lock_document(self, conn: psycopg.Connection[Any], doc_id: str, *, writing: bool) -> None:
        """Two runs storing or leasing one document: one after the other. A write also holds
        the writes lock shared, which an assessment's save takes alone."""
        if writing:
            conn.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", WRITES_LOCK)
        conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (DOC_LOCKS, doc_id))

    # ------------------------------------------------------------------ documents
    def document_info(self, doc_id: str) -> DocumentInfo | None:
        row = self._one(f"SELECT {_INFO} FROM documents d WHERE d.id = %s", (doc_id,))
        return None if row is None else DocumentInfo(*row)

    def get_document(self, doc_id: str) -> Document:
        doc_id = self.resolve_doc_id(doc_id)
        row = self._one(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = %s", (doc_id,))
        if row is None:  # removed since its id was resolved
            return self.get_document(doc_id)
        doc = document_of_row(row)
        doc.mentions = [
            mention_of_row(m)
            for m in self._rows(
                f"SELECT {MENTION_COLUMNS} FROM mentions WHERE doc_id = %s ORDER BY start, seq",
                (doc_id,),
            )
        ]
        doc.claims = list(self.claims(ClaimFilter(doc_id=doc_id)))
        return doc

    def documents(self) -> Iterator[DocumentInfo]:
        yield from (
            DocumentInfo(*row)
            for row in self._rows(
                # undated first, as in SQLite (PostgreSQL puts NULL last by default)
                f"SELECT {_INFO} FROM documents d ORDER BY d.date NULLS FIRST, d.id",
                (),
            )
        )

    def stats(self) -> dict[str, int]:
        row = self._one(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM claims), "
            "(SELECT count(*) FROM mentions), (SELECT count(*) FROM failures)",
            (),
        )
        assert row is not None
        return dict(
            zip(("documents", "claims", "mentions", "failures"), map(int, row), strict=True)
        )

    # ------------------------------------------------------------------ reading helpers
    def _one(self, sql: str, params: tuple[Any, ...] | list[Any]) -> Any:
        try:
            return self.conn.execute(sql, params).fetchone()
        except psycopg.Error as e:
            raise self.error(e, "read the ledger") from e

    def _rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Any]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except psycopg.Error as e:
            raise self.error(e, "read the ledger") from e


_INFO = (
    "d.id, d.date, d.lang, d.title, d.origin, d.pipeline_version, "
    "(SELECT count(*) FROM claims c WHERE c.doc_id = d.id)::int, d.problem"
)
