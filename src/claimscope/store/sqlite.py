"""Embedded SQLite store: WAL, FTS5, versioned migrations, one transaction per document."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import Document
from .assessments import AssessmentStore
from .base import ClaimFilter, DocumentInfo
from .documents import DocumentStore
from .rows import (
    DOCUMENT_COLUMNS,
    MENTION_COLUMNS,
    document_of_row,
    mention_of_row,
)
from .sql import ClaimQueries, migration_scripts
from .sqlite_checks import check_schema, lock_timeout, store_error
from .sqlite_claims import SQLITE

log = logging.getLogger(__name__)


def migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every migration shipped in the package, in order."""
    return migration_scripts("migrations")


def sql_statements(script: str) -> Iterator[str]:
    """The statements of an SQL script, one by one (``executescript`` would commit the
    transaction they are to run in); comments between them are left out."""
    buf = ""
    for line in script.splitlines(keepends=True):
        if not buf and (not line.strip() or line.lstrip().startswith("--")):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()  # not ended with ';': SQLite says what is wrong with it


class SQLiteStore(ClaimQueries, DocumentStore, AssessmentStore):
    """The default store. Each thread gets a connection of its own, opened on its first use
    (sqlite3 connections must not cross threads); :meth:`close` closes them all."""

    dialect = SQLITE
    db_error = sqlite3.Error

    def __init__(
        self, path: str | Path, *, create: bool = True, timeout: float | None = None
    ) -> None:
        """``create``: create the file when missing or empty, and migrate an older ledger;
        without it the store is read-only (an SQLite read-only connection) and refuses a
        missing, empty or older ledger. ``timeout``: seconds to wait for another process's
        lock (default: CLAIMSCOPE_LOCK_TIMEOUT, else 30; see Settings.lock_timeout)."""
        self.path = str(path)
        self.create = create
        self.timeout = lock_timeout(self.path, timeout)
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @property
    def location(self) -> str:
        return self.path

    # ------------------------------------------------------------------ connection
    @property
    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            with self._lock:  # one migration at a time
                conn = self._open()
                self._all.append(conn)
            self._local.conn = conn
        return conn

    def _open(self) -> sqlite3.Connection:
        memory = self.path == ":memory:"
        if not memory and Path(self.path).is_dir():
            raise StoreError(
                f"{self.path}: is a folder, not a ledger; give a file, e.g. "
                f"{Path(self.path) / 'claimscope.db'}"
            )
        if not memory and not self.create and not Path(self.path).is_file():
            raise StoreError(
                f"{self.path}: no such ledger; run `claimscope analyze PATH --db {self.path}` first"
            )
        if not memory:
            parent = Path(self.path).resolve().parent
            if not parent.is_dir():
                raise StoreError(f"{self.path}: folder {parent} does not exist")
        conn: sqlite3.Connection | None = None
        try:
            # Each thread uses only its own connection; check_same_thread=False only lets
            # close() end them all from the thread that closes the store.
            if self.create or memory:
                conn = sqlite3.connect(
                    self.path, isolation_level=None, timeout=self.timeout, check_same_thread=False
                )
            else:  # a reader never writes, not even the journal mode
                conn = sqlite3.connect(
                    Path(self.path).resolve().as_uri() + "?mode=ro",
                    uri=True,
                    isolation_level=None,
                    timeout=self.timeout,
                    check_same_thread=False,
                )
            check_schema(conn, self.path, self.create, migrations())
            if self.create:
                self._wal(conn)
                # NORMAL in WAL mode never corrupts the database and keeps every committed
                # transaction across a process crash (kill -9); only an OS crash or power loss
                # may lose the last commits. That is the documented SQLite trade-off.
                conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            if self.create:
                self._migrate(conn)
        except (sqlite3.Error, StoreError) as e:
            if conn is not None:
                conn.close()
            if isinstance(e, StoreError):
                raise
            raise self.error(e, "open the ledger") from e
        return conn

    def _wal(self, conn: sqlite3.Connection) -> None:
        """Put the ledger in WAL mode (kept in the file: a no-op once done). Turning a new file
        to WAL needs it to itself, and SQLite answers "locked" at once, without waiting, when
        another process opens it at the same moment; so this waits as a write would."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) or time.monotonic() > deadline:
                    raise
                time.sleep(0.01)

    def error(self, e: sqlite3.Error, doing: str) -> StoreError:
        """``e`` as a one-line error naming the ledger (see :func:`store_error`)."""
        return store_error(e, self.path, doing, self.timeout)

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Apply the migrations the ledger lacks, each in one transaction. The version is read
        again under the write lock, so processes that open an older or new ledger at the same
        time (two ``analyze`` runs started together) apply each migration once: the others wait
        for the lock, find it done and go on (before, they applied it again and failed with
        "table documents already exists")."""
        for version, name, sql in migrations():
            if conn.execute("PRAGMA user_version").fetchone()[0] >= version:
                continue
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    if conn.execute("PRAGMA user_version").fetchone()[0] < version:
                        log.info("migrating %s to schema version %d (%s)", self.path, version, name)
                        for statement in sql_statements(sql):
                            conn.execute(statement)
                        conn.execute(f"PRAGMA user_version={version}")
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as e:
                raise self.error(e, f"apply migration {name}") from e

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def document_info(self, doc_id: str) -> DocumentInfo | None:
        row = self.conn.execute(f"SELECT {_INFO} FROM documents d WHERE d.id = ?", (doc_id,))
        found = row.fetchone()
        return None if found is None else DocumentInfo(*found)

    def _txn(self) -> _Txn:
        if not self.create:
            raise StoreError(f"{self.path}: opened read-only; nothing can be written")
        return _Txn(self.conn)

    def _lock_writes(self, conn: sqlite3.Connection) -> None:
        """Nothing more to take: the write transaction (BEGIN IMMEDIATE) already keeps every
        other writer out."""

    def _lock_document(self, conn: sqlite3.Connection, doc_id: str, *, writing: bool) -> None:
        """Nothing more to take, as in :meth:`_lock_writes`."""

    # ------------------------------------------------------------------ reads
    def _rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Any]:
        # An error is the driver's, as the SQLite store's reads have always raised it.
        return self.conn.execute(sql, params).fetchall()

    def get_document(self, doc_id: str) -> Document:
        doc_id = self.resolve_doc_id(doc_id)
        row = self.conn.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        doc = document_of_row(row)
        doc.mentions = [
            mention_of_row(m)
            for m in self.conn.execute(
                f"SELECT {MENTION_COLUMNS} FROM mentions "
                "WHERE doc_id = ? ORDER BY start, rowid",  # ties in the order they were written
                (doc_id,),
            )
        ]
        doc.claims = list(self.claims(ClaimFilter(doc_id=doc_id)))
        return doc

    def documents(self) -> Iterator[DocumentInfo]:
        cur = self.conn.execute(f"SELECT {_INFO} FROM documents d ORDER BY d.date, d.id")
        for row in cur:
            yield DocumentInfo(*row)

    def stats(self) -> dict[str, int]:
        one = self.conn.execute
        return {
            "documents": one("SELECT count(*) FROM documents").fetchone()[0],
            "claims": one("SELECT count(*) FROM claims").fetchone()[0],
            "mentions": one("SELECT count(*) FROM mentions").fetchone()[0],
            "failures": one("SELECT count(*) FROM failures").fetchone()[0],
        }


_INFO = (
    "d.id, d.date, d.lang, d.title, d.origin, d.pipeline_version, "
    "(SELECT count(*) FROM claims c WHERE c.doc_id = d.id), d.problem"
)


class _Txn:
    """``with`` block = one IMMEDIATE transaction (the connection runs in autocommit mode).

    Any exception, KeyboardInterrupt included, rolls back: no half-written document.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:
            self.conn.execute("ROLLBACK")
