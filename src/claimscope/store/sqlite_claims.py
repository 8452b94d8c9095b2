"""The SQLite side of reading claims (a part of :class:`SQLiteStore`): filters, orders, pages
after a cursor and facet counts. Every value the user gives is a bound parameter; the only text
put into the SQL is chosen from the fixed tables below by a validated key (ClaimFilter refuses
any other)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from ..errors import StoreError
from ..model import Claim
from .base import FACETS, ClaimFilter, decode_cursor, encode_cursor, like_escape
from .rows import CLAIM_COLUMNS, claim_of_row

# When the event is said to be: its time in the proposition, else the capture time of what was
# observed, else the publication date (the order of ``claimscope situation``'s timeline).
EVENT_DATE = (
    "coalesce(json_extract(c.record, '$.proposition.time.start'), "
    "json_extract(c.record, '$.captured.start'), c.doc_date, '')"
)
_DATE = "coalesce(c.doc_date, '')"
# sort name (without "-") -> the expression ordered on first
_SORT_KEY = {
    "date": _DATE,
    "event_date": EVENT_DATE,
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


def fts_query(text: str) -> str:
    """Turn free text into an FTS5 query of quoted terms, so user input is never FTS syntax
    (ClaimFilter has already turned control characters into spaces)."""
    terms = [t.replace('"', '""') for t in text.split()]
    return " ".join(f'"{t}"' for t in terms if t)


def where(flt: ClaimFilter) -> tuple[str, list[Any]]:
    """`` WHERE …`` (or "") and its parameters for the filters of ``flt``."""
    conds: list[str] = []
    params: list[Any] = []
    if flt.claimant:
        conds.append("c.claimant LIKE ? ESCAPE '\\'")
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
            conds.append(f"{column} = ?")
            params.append(value)
    # Dates are compared as intervals: '2022-02' (month precision) overlaps 2022-02-10.
    when = EVENT_DATE if flt.date_by == "event" else "c.doc_date"
    if flt.since:
        conds.append(f"{when} || '~' >= ?")
        params.append(flt.since)
    if flt.until:
        conds.append(f"{when} <= ? || '~'")
        params.append(flt.until)
    if flt.search:
        q = fts_query(flt.search)
        if q:
            conds.append("c.rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
            params.append(q)
    return (" WHERE " + " AND ".join(conds) if conds else ""), params


def _order(flt: ClaimFilter) -> tuple[str, str, str]:
    """(key expression, ORDER BY clause, comparison operator for the rows after a cursor)."""
    desc = flt.sort.startswith("-")
    key = _SORT_KEY[flt.sort.lstrip("-")]
    way = " DESC" if desc else ""
    if flt.sort.lstrip("-") == "date":  # the index order of claims_date, then the document
        order = f"{_DATE}{way}, c.doc_id{way}, c.seq{way}"
    else:
        order = f"{key}{way}, {_DATE}{way}, c.doc_id{way}, c.seq{way}"
    return key, order, "<" if desc else ">"


class ClaimQueryStore:
    """Mixed into SQLiteStore; uses its ``conn`` and ``error``."""

    @property
    def conn(self) -> sqlite3.Connection:  # provided by SQLiteStore
        raise NotImplementedError

    def error(self, e: sqlite3.Error, doing: str) -> StoreError:  # provided by SQLiteStore
        raise NotImplementedError

    def _select(self, flt: ClaimFilter, extra: str = "") -> tuple[str, list[Any]]:
        key, order, op = _order(flt)
        sql_where, params = where(flt)
        if flt.cursor is not None:
            after = decode_cursor(flt.cursor, flt.sort)
            cond = f"({key}, {_DATE}, c.doc_id, c.seq) {op} (?, ?, ?, ?)"
            sql_where += (" AND " if sql_where else " WHERE ") + cond
            params.extend(after)
        sql = f"SELECT {CLAIM_COLUMNS}{extra} FROM claims c{sql_where} ORDER BY {order}"
        return sql, params

    def claims(self, flt: ClaimFilter | None = None, *, reasons: bool = True) -> Iterator[Claim]:
        flt = flt or ClaimFilter()
        sql, params = self._select(flt)
        if flt.limit:
            sql += " LIMIT ?"
            params.append(int(flt.limit))
        try:
            cur = self.conn.execute(sql, params)
            for row in cur:
                yield claim_of_row(row, reasons)
        except sqlite3.Error as e:
            raise self.error(e, "read the claims") from e

    def claims_page(
        self, flt: ClaimFilter, size: int, *, reasons: bool = True
    ) -> tuple[list[Claim], str | None]:
        key, _, _ = _order(flt)
        sql, params = self._select(flt, f", {key}, {_DATE}, c.doc_id, c.seq")
        sql += " LIMIT ?"
        params.append(size + 1)
        try:
            rows = self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as e:
            raise self.error(e, "read the claims") from e
        page = [claim_of_row(r[:4], reasons) for r in rows[:size]]
        more = len(rows) > size and size > 0
        return page, encode_cursor(flt.sort, list(rows[size - 1][4:])) if more else None

    def count_claims(self, flt: ClaimFilter) -> int:
        sql_where, params = where(flt)
        try:
            row = self.conn.execute(f"SELECT count(*) FROM claims c{sql_where}", params)
            return int(row.fetchone()[0])
        except sqlite3.Error as e:
            raise self.error(e, "count the claims") from e

    def facets(self, flt: ClaimFilter, top: int = 20) -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        try:
            for name in FACETS:
                # Each facet is counted under every filter but its own, so that the values
                # one could switch to stay in view after one was chosen (as in any faceted
                # search): with status=contested, the status facet still lists the others.
                unset: dict[str, Any] = {name: None}
                sql_where, params = where(replace(flt, **unset))
                column = _FACET_COLUMN[name]
                sql = (
                    f"SELECT {column} AS v, count(*) AS n FROM claims c{sql_where} "
                    "GROUP BY v ORDER BY n DESC, v"
                )
                args = list(params)
                if name == "claimant":
                    sql += " LIMIT ?"
                    args.append(top)
                out[name] = [(str(v), int(n)) for v, n in self.conn.execute(sql, args)]
        except sqlite3.Error as e:
            raise self.error(e, "count the facets") from e
        return out
