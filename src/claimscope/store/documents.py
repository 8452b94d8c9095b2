"""Writing documents, leases and failures, written once for both stores (a part of SQLiteStore
and PostgresStore). How the writers stay out of each other's way is the store's: SQLite has one
writer at a time (each write transaction is BEGIN IMMEDIATE), PostgreSQL takes advisory locks
(its ``_lock_document``); the SQL is the same but for the store's sql.Dialect."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from contextlib import closing
from datetime import UTC, datetime
from typing import Any

from ..errors import IngestError
from ..model import Document
from .base import Failure, LeaseOwner
from .rows import document_rows
from .sql import SqlBase

log = logging.getLogger(__name__)

_DOCUMENT_INSERT = (
    "id, text, lang, date, date_precision, title, source, url, origin, sentences, "
    "pipeline_version, analyzed_at, problem, pending"
)
_MENTION_INSERT = 'doc_id, start, "end", kind, text, value, entity_id, source'
_CLAIM_INSERT = (
    'id, doc_id, seq, start, "end", lang, doc_date, claimant, claimant_entity, source_type, '
    "mode, event_type, modality, status, situation_id, text, record, reasons"
)
_LEASE_COLUMNS = "doc_id, owner, host, pid, taken_at"


def written_at() -> str:
    """The time a row is written, as stored (UTC, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class DocumentStore(SqlBase):
    """Mixed into both stores; uses their ``path``, the hooks of SqlBase and
    ``_lock_document``."""

    path: str

    def _lock_document(self, conn: Any, doc_id: str, *, writing: bool) -> None:
        """Within a write transaction: keep other runs off this document until it ends
        (``writing``: the document itself is written, so an assessment must wait too)
        (provided by the store)."""
        raise NotImplementedError

    # ------------------------------------------------------------------ documents
    def pipeline_version_of(self, doc_id: str) -> str | None:
        m = self.dialect.mark
        rows = self._rows(f"SELECT pipeline_version FROM documents WHERE id = {m}", (doc_id,))
        return None if not rows else (rows[0][0] or "")

    def write_document(self, doc: Document, problem: str | None = None) -> None:
        d = self.dialect
        m = d.mark
        rows = document_rows(doc, problem, written_at())
        mention_columns, mentions = _MENTION_INSERT, rows.mentions
        if d.mention_seq:  # the order they were written in, kept in a column
            mention_columns = "seq, " + mention_columns
            mentions = [(seq, *row) for seq, row in enumerate(rows.mentions)]
        try:
            with self._txn():
                conn = self.conn
                self._lock_document(conn, doc.id, writing=True)
                conn.execute(f"DELETE FROM claims WHERE doc_id = {m}", (doc.id,))
                conn.execute(f"DELETE FROM mentions WHERE doc_id = {m}", (doc.id,))
                conn.execute(f"DELETE FROM documents WHERE id = {m}", (doc.id,))
                conn.execute(
                    f"INSERT INTO documents ({_DOCUMENT_INSERT}) VALUES ({_marks(m, 13)},1)",
                    rows.document,
                )
                with closing(conn.cursor()) as cur:
                    cur.executemany(
                        f"INSERT INTO mentions ({mention_columns}) "
                        f"VALUES ({_marks(m, len(mention_columns.split(',')))})",
                        mentions,
                    )
                    cur.executemany(
                        f"INSERT INTO claims ({_CLAIM_INSERT}) VALUES ({_marks(m, 18)})",
                        rows.claims,
                    )
                    cur.executemany(f"INSERT INTO stances VALUES ({_marks(m, 3)})", rows.stances)
                conn.execute(f"DELETE FROM leases WHERE doc_id = {m}", (doc.id,))
                if doc.origin:
                    conn.execute(f"DELETE FROM failures WHERE origin = {m}", (doc.origin,))
        except self.db_error as e:
            raise self.error(e, f"store document {doc.id}") from e

    def pending_documents(self) -> list[str]:
        rows = self._rows("SELECT id FROM documents WHERE pending = 1 ORDER BY id")
        return [r[0] for r in rows]

    # ------------------------------------------------------------------ leases
    def lease(self, doc_id: str, owner: LeaseOwner, max_age: float) -> bool:
        now = time.time()
        m = self.dialect.mark
        try:
            with self._txn():
                conn = self.conn
                self._lock_document(conn, doc_id, writing=False)  # two runs never both find it free
                row = conn.execute(
                    f"SELECT owner, host, pid, taken_at FROM leases WHERE doc_id = {m}", (doc_id,)
                ).fetchone()
                if row is not None and row[0] != owner.token:
                    holder = LeaseOwner(row[0], row[1], row[2])
                    if now - row[3] <= max_age and holder.alive():
                        return False
                    log.info("%s: taking over the lease on %s of run %s", self.path, doc_id, row[0])
                conn.execute(
                    self.dialect.upsert("leases", _LEASE_COLUMNS, "doc_id"),
                    (doc_id, owner.token, owner.host, owner.pid, now),
                )
        except self.db_error as e:
            raise self.error(e, f"lease document {doc_id}") from e
        return True

    def release(self, owner: LeaseOwner, doc_ids: Iterable[str] | None = None) -> None:
        m = self.dialect.mark
        try:
            with self._txn():
                conn = self.conn
                if doc_ids is None:
                    conn.execute(f"DELETE FROM leases WHERE owner = {m}", (owner.token,))
                else:
                    for cond, params in self.dialect.any_of("doc_id", list(doc_ids)):
                        conn.execute(
                            f"DELETE FROM leases WHERE owner = {m} AND {cond}",
                            [owner.token, *params],
                        )
        except self.db_error as e:
            raise self.error(e, "release the leases of this run") from e

    def leases(self) -> list[tuple[str, LeaseOwner, float]]:
        rows = self._rows("SELECT doc_id, owner, host, pid, taken_at FROM leases ORDER BY doc_id")
        return [(d, LeaseOwner(o, h, p), t) for d, o, h, p, t in rows]

    # ------------------------------------------------------------------ failures
    def record_failure(self, error: IngestError) -> None:
        line = -1 if error.line is None else error.line
        try:
            with self._txn():
                self.conn.execute(
                    f"INSERT INTO failures VALUES ({_marks(self.dialect.mark, 4)}) "
                    "ON CONFLICT (origin, line) "
                    "DO UPDATE SET reason = excluded.reason, at = excluded.at",
                    (error.origin, line, error.reason, written_at()),
                )
        except self.db_error as e:
            raise self.error(e, f"record the failure of {error.where}") from e

    def clear_failure(self, origin: str) -> None:
        try:
            with self._txn():
                m = self.dialect.mark
                self.conn.execute(f"DELETE FROM failures WHERE origin = {m}", (origin,))
        except self.db_error as e:
            raise self.error(e, f"clear the failures of {origin}") from e

    def failures(self) -> list[Failure]:
        rows = self._rows("SELECT origin, line, reason, at FROM failures ORDER BY origin, line")
        return [Failure(o, None if ln == -1 else ln, r, at) for o, ln, r, at in rows]


def _marks(mark: str, n: int) -> str:
    return ",".join([mark] * n)
