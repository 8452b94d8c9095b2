"""The PostgreSQL side of reading claims (a part of :class:`PostgresStore`): filters, orders,
pages after a cursor and facet counts, giving what the SQLite store gives in the same order.
Every value the user gives is a bound parameter; the only text put into the SQL is chosen from
the fixed tables below by a validated key (ClaimFilter refuses any other).

Full-text search uses PostgreSQL's text search with the 'simple' configuration: lower-cased
words, no stemming and no stop words, as SQLite's FTS5 unicode61 tokenizer does. A ledger
holds six languages (nl, en, de, fr, ru, uk) side by side, PostgreSQL has no Ukrainian
stemmer, and a per-language configuration would make the same search find other claims than
on an SQLite ledger. One difference stays: FTS5 also folds diacritics ("Oekraiense" finds
"Oekraïense"); 'simple' does not (that needs the unaccent extension, which a ledger's user may
not be allowed to install)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import psycopg

from ..errors import StoreError
from ..model import Claim
from .base import FACETS, ClaimFilter, decode_cursor, encode_cursor, like_escape
from .rows import CLAIM_COLUMNS, claim_of_row

# When the event is said to be (see sqlite_claims.EVENT_DATE), in byte order like SQLite's.
EVENT_DATE = (
    "coalesce(c.record::json #>> '{proposition,time,start}', "
    "c.record::json #>> '{captured,start}', c.doc_date, '') COLLATE \"C\""
)
_DATE = "coalesce(c.doc_date, '')"  # the expression of the index claims_order
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


def where(flt: ClaimFilter) -> tuple[str, list[Any]]:
    """`` WHERE …`` (or "") and its parameters for the filters of ``flt``."""
    conds: list[str] = []
    params: list[Any] = []
    if flt.claimant:
        # ILIKE under the column's "C" collation folds ASCII letters only, as SQLite's LIKE.
        conds.append("c.claimant ILIKE %s ESCAPE '\\'")
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
            conds.append(f"{column} = %s")
            params.append(value)
    # Dates are compared as intervals: '2022-02' (month precision) overlaps 2022-02-10.
    when = EVENT_DATE if flt.date_by == "event" else "c.doc_date"
    if flt.since:
        conds.append(f"{when} || '~' >= %s::text")
        params.append(flt.since)
    if flt.until:
        conds.append(f"{when} <= %s::text || '~'")
        params.append(flt.until)
    if flt.search:
        # Each word of the user's text is a phrase of its own (as the quoted terms of
        # sqlite_claims.fts_query), all of them required; nothing in it is query syntax.
        terms = flt.search.split()
        if terms:
            query = " && ".join(["phraseto_tsquery('simple', %s::text)"] * len(terms))
            conds.append(f"c.fts @@ ({query})")
            params.extend(terms)
    return (" WHERE " + " AND ".join(conds) if conds else ""), params


def _order(flt: ClaimFilter) -> tuple[str, str, str]:
    """(key expression, ORDER BY clause, comparison operator for the rows after a cursor)."""
    desc = flt.sort.startswith("-")
    key = _SORT_KEY[flt.sort.lstrip("-")]
    way = " DESC" if desc else ""
    if flt.sort.lstrip("-") == "date":  # the index order of claims_order
        order = f"{_DATE}{way}, c.doc_id{way}, c.seq{way}"
    else:
        order = f"{key}{way}, {_DATE}{way}, c.doc_id{way}, c.seq{way}"
    return key, order, "<" if desc else ">"


class PgClaimQueryStore:
    """Mixed into PostgresStore; uses its ``conn`` and ``error``."""

    @property
    def conn(self) -> psycopg.Connection[Any]:  # provided by PostgresStore
        raise NotImplementedError

    def error(self, e: psycopg.Error, doing: str) -> StoreError:  # provided by PostgresStore
        raise NotImplementedError

    def _select(self, flt: ClaimFilter, extra: str = "") -> tuple[str, list[Any]]:
        key, order, op = _order(flt)
        sql_where, params = where(flt)
        if flt.cursor is not None:
            after = decode_cursor(flt.cursor, flt.sort)
            cond = f"({key}, {_DATE}, c.doc_id, c.seq) {op} (%s::text, %s::text, %s::text, %s)"
            sql_where += (" AND " if sql_where else " WHERE ") + cond
            params.extend(after)
        sql = f"SELECT {CLAIM_COLUMNS}{extra} FROM claims c{sql_where} ORDER BY {order}"
        return sql, params

    def claims(self, flt: ClaimFilter | None = None, *, reasons: bool = True) -> Iterator[Claim]:
        flt = flt or ClaimFilter()
        sql, params = self._select(flt)
        if flt.limit:
            sql += " LIMIT %s"
            params.append(int(flt.limit))
        try:
            rows = self.conn.execute(sql, params).fetchall()
        except psycopg.Error as e:
            raise self.error(e, "read the claims") from e
        for row in rows:
            yield claim_of_row(row, reasons)

    def claims_page(
        self, flt: ClaimFilter, size: int, *, reasons: bool = True
    ) -> tuple[list[Claim], str | None]:
        key, _, _ = _order(flt)
        sql, params = self._select(flt, f", {key}, {_DATE}, c.doc_id, c.seq")
        sql += " LIMIT %s"
        params.append(size + 1)
        try:
            rows = self.conn.execute(sql, params).fetchall()
        except psycopg.Error as e:
            raise self.error(e, "read the claims") from e
        page = [claim_of_row(r[:4], reasons) for r in rows[:size]]
        more = len(rows) > size and size > 0
        return page, encode_cursor(flt.sort, list(rows[size - 1][4:])) if more else None

    def count_claims(self, flt: ClaimFilter) -> int:
        sql_where, params = where(flt)
        try:
            row = self.conn.execute(f"SELECT count(*) FROM claims c{sql_where}", params)
            found = row.fetchone()
        except psycopg.Error as e:
            raise self.error(e, "count the claims") from e
        return int(found[0]) if found else 0

    def facets(self, flt: ClaimFilter, top: int = 20) -> dict[str, list[tuple[str, int]]]:
        out: dict[str, list[tuple[str, int]]] = {}
        try:
            for name in FACETS:
                # Counted under every filter but its own (see sqlite_claims).
                unset: dict[str, Any] = {name: None}
                sql_where, params = where(replace(flt, **unset))
                column = _FACET_COLUMN[name]
                sql = (
                    f"SELECT {column} AS v, count(*) AS n FROM claims c{sql_where} "
                    "GROUP BY v ORDER BY n DESC, v"
                )
                args = list(params)
                if name == "claimant":
                    sql += " LIMIT %s"
                    args.append(top)
                out[name] = [(str(v), int(n)) for v, n in self.conn.execute(sql, args)]
        except psycopg.Error as e:
            raise self.error(e, "count the facets") from e
        return out
