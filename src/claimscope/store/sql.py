"""The SQL both stores run, written once: the claim filter, the listing's orders, pages after a
cursor and facet counts (here), documents, leases and failures (documents.py), and the reads
and writes of assessments (assessments.py). What differs between SQLite and PostgreSQL is a
:class:`Dialect` (sqlite_claims.SQLITE, postgres_claims.POSTGRES): how a parameter is marked,
the event date, the full-text search, an upsert, a list of ids and where mentions keep their
order; and a few hooks each store provides (:class:`SqlBase`, DocumentStore._lock_document):
its connection, transactions, locks and how a driver's error becomes one line.

Every value the user gives is a bound parameter; the only text put into the SQL is chosen from
the fixed tables below by a validated key (ClaimFilter refuses any other) or comes from the
dialect."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any, ClassVar

from ..errors import StoreError
from ..model import Claim
from .base import FACETS, ClaimFilter, decode_cursor, encode_cursor, like_escape
from .rows import CLAIM_COLUMNS, claim_of_row


@dataclass(frozen=True, slots=True)
class Dialect:
    """What one database's SQL says differently; the rest of the SQL is the same text."""

    mark: str  # a bound parameter: "?" or "%s"
    # A text parameter where the database cannot tell its type by itself (beside ||, in a row
    # comparison): PostgreSQL must be told, SQLite needs nothing.
    text_mark: str
    like: str  # the LIKE that folds ASCII letters only (SQLite's LIKE, PostgreSQL's ILIKE)
    event_date: str  # when the event is said to be, in byte order (see sqlite_claims)
    # free text -> (the condition on claims c, its parameters), None when it has no term
    search: Callable[[str], tuple[str, list[Any]] | None]
    # (table, its columns, its key) -> INSERT of one row that replaces the row of that key
    upsert: Callable[[str, str, str], str]
    # (column, ids) -> (condition that the column is one of them, parameters), as many
    # conditions as the database wants queries; none when there are no ids
    any_of: Callable[[str, list[str]], Iterator[tuple[str, list[Any]]]]
    # Whether the mentions of a document keep the order they were written in a column (seq):
    # PostgreSQL's table has one, SQLite keeps that order in its rowid.
    mention_seq: bool


_DATE = "coalesce(c.doc_date, '')"  # the expression of the listing index claims_order
_SORT_COLUMN = {  # sort name (without "-") -> the column ordered on first; event_date: dialect
    "date": _DATE,
    "claimant": "c.claimant",
    "status": "c.status",
    "source_type": "c.source_type",
    "event_type": "c.event_type",
}
_FACET_COLUMN = {
    "source_type": "c.source_type",
    "status": "c.status",
    "lang": "coalesce(c.lang, 'und')",
    "event_type": "c.event_type",
    "claimant": "c.claimant",
}


_MIGRATION = re.compile(r"^(\d+)_.*\.sql$")


def migration_scripts(folder: str) -> list[tuple[int, str, str]]:
    """(version, file name, SQL) of every migration in the package's ``folder``, in order."""
    out = []
    for entry in resources.files("claimscope.store").joinpath(folder).iterdir():
        m = _MIGRATION.match(entry.name)
        if m:
            out.append((int(m.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(out)


def where(flt: ClaimFilter, d: Dialect) -> tuple[str, list[Any]]:
    """`` WHERE …`` (or "") and its parameters for the filters of ``flt``."""
    conds: list[str] = []
    params: list[Any] = []
    if flt.claimant:
        conds.append(f"c.claimant {d.like} {d.mark} ESCAPE '\\'")
        params.append("%" + like_escape(flt.claimant) + "%")
    for column, value in (
        ("c.status", flt.status),
        ("c.lang", flt.lang),
        ("c.doc_id", flt.doc_id),
        ("c.situation_id", flt.situation_id),
        ("c.source_type", flt.source_type),
        ("c.event_type", flt.event_type),
    ):
        if value:
            conds.append(f"{column} = {d.mark}")
            params.append(value)
    # Dates are compared as intervals: '2022-02' (month precision) overlaps 2022-02-10.
    when = d.event_date if flt.date_by == "event" else "c.doc_date"
    if flt.since:
        conds.append(f"{when} || '~' >= {d.text_mark}")
        params.append(flt.since)
    if flt.until:
        conds.append(f"{when} <= {d.text_mark} || '~'")
        params.append(flt.until)
    if flt.search:
        found = d.search(flt.search)
        if found:
            conds.append(found[0])
            params.extend(found[1])
    return (" WHERE " + " AND ".join(conds) if conds else ""), params


def _order(flt: ClaimFilter, d: Dialect) -> tuple[str, str, str]:
    """(key expression, ORDER BY clause, comparison operator for the rows after a cursor)."""
    desc = flt.sort.startswith("-")
    name = flt.sort.lstrip("-")
    key = d.event_date if name == "event_date" else _SORT_COLUMN[name]
    way = " DESC" if desc else ""
    if name == "date":  # the index order of claims_order, then the document
        order = f"{_DATE}{way}, c.doc_id{way}, c.seq{way}"
    else:
        order = f"{key}{way}, {_DATE}{way}, c.doc_id{way}, c.seq{way}"
    return key, order, "<" if desc else ">"


def select(flt: ClaimFilter, d: Dialect, extra: str = "") -> tuple[str, list[Any]]:
    """The SELECT of the claims ``flt`` lists, in its order, after its cursor; ``extra``: more
    columns after CLAIM_COLUMNS."""
    key, order, op = _order(flt, d)
    sql_where, params = where(flt, d)
    if flt.cursor is not None:
        after = decode_cursor(flt.cursor, flt.sort)
        t = d.text_mark
        cond = f"({key}, {_DATE}, c.doc_id, c.seq) {op} ({t}, {t}, {t}, {d.mark})"
        sql_where += (" AND " if sql_where else " WHERE ") + cond
        params.extend(after)
    sql = f"SELECT {CLAIM_COLUMNS}{extra} FROM claims c{sql_where} ORDER BY {order}"
    return sql, params


class SqlBase:
    """What a store provides to the SQL written once for both (ClaimQueries here, and
    assessments.AssessmentStore): its ``dialect``, ``db_error`` (its driver's error class),
    ``conn``, ``error``, ``_rows``, ``_txn`` and ``_lock_writes``; and the connections of its
    threads (``_local``, ``_all`` under ``_lock``), which :meth:`close` closes for both."""

    dialect: ClassVar[Dialect]
    db_error: ClassVar[type[Exception]]
    _local: threading.local  # this thread's connection, as .conn
    _all: list[Any]  # every thread's connection
    _lock: threading.Lock

    def close(self) -> None:
        """Close every thread's connection (call it when no other thread uses the store)."""
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    @property
    def conn(self) -> Any:  # provided by the store
        raise NotImplementedError

    def error(self, e: Any, doing: str) -> StoreError:  # provided by the store
        raise NotImplementedError

    def _rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Any]:
        """The rows of a read (provided by the store)."""
        raise NotImplementedError

    def _txn(self) -> Any:  # provided by the store: a write transaction
        raise NotImplementedError

    def _lock_writes(self, conn: Any) -> None:  # provided by the store
        """Keep document writes out while an assessment is saved."""
        raise NotImplementedError


class ClaimQueries(SqlBase):
    """The listing of claims of both stores: filters, orders, pages and facet counts."""

    def claims(self, flt: ClaimFilter | None = None, *, reasons: bool = True) -> Iterator[Claim]:
        flt = flt or ClaimFilter()
        sql, params = select(flt, self.dialect)
        if flt.limit:
            sql += f" LIMIT {self.dialect.mark}"
            params.append(int(flt.limit))
        try:
            for row in self.conn.execute(sql, params):
                yield claim_of_row(row, reasons)
        except self.db_error as e:
            raise self.error(e, "read the claims") from e

    def claims_page(
        self, flt: ClaimFilter, size: int, *, reasons: bool = True
    ) -> tuple[list[Claim], str | None]:
        key, _, _ = _order(flt, self.dialect)
        sql, params = select(flt, self.dialect, f", {key}, {_DATE}, c.doc_id, c.seq")
        sql += f" LIMIT {self.dialect.mark}"
        params.append(size + 1)
        try:
            rows = self.conn.execute(sql, params).fetchall()
        except self.db_error as e:
            raise self.error(e, "read the claims") from e
        page = [claim_of_row(r[:4], reasons) for r in rows[:size]]
        more = len(rows) > size and size > 0
        return page, encode_cursor(flt.sort, list(rows[size - 1][4:])) if more else None

    def count_claims(self, flt: ClaimFilter) -> int:
        sql_where, params = where(flt, self.dialect)
        try:
            found = self.conn.execute(f"SELECT count(*) FROM claims c{sql_where}", params)
            row = found.fetchone()
        except self.db_error as e:
            raise self.error(e, "count the claims") from e
        return int(row[0]) if row else 0

    def facets(self, flt: ClaimFilter, top: int = 20) -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        try:
            for name in FACETS:
                # Each facet is counted under every filter but its own, so that the values
                # one could switch to stay in view after one was chosen (as in any faceted
                # search): with status=contested, the status facet still lists the others.
                unset: dict[str, Any] = {name: None}
                sql_where, params = where(replace(flt, **unset), self.dialect)
                column = _FACET_COLUMN[name]
                sql = (
                    f"SELECT {column} AS v, count(*) AS n FROM claims c{sql_where} "
                    "GROUP BY v ORDER BY n DESC, v"
                )
                if name == "claimant":
                    sql += f" LIMIT {self.dialect.mark}"
                    params.append(top)
                out[name] = [(str(v), int(n)) for v, n in self.conn.execute(sql, params)]
        except self.db_error as e:
            raise self.error(e, "count the facets") from e
        return out
