"""The SQLite dialect of the SQL both stores share (sql.py): ``?`` parameters, the event date
read with json_extract, FTS5 search, INSERT OR REPLACE, and lists of ids in chunks below
SQLite's limit on parameters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .sql import Dialect

# When the event is said to be: its time in the proposition, else the capture time of what was
# observed, else the publication date (the order of ``claimscope situation``'s timeline).
EVENT_DATE = (
    "coalesce(json_extract(c.record, '$.proposition.time.start'), "
    "json_extract(c.record, '$.captured.start'), c.doc_date, '')"
)


def fts_query(text: str) -> str:
    """Turn free text into an FTS5 query of quoted terms, so user input is never FTS syntax
    (ClaimFilter has already turned control characters into spaces)."""
    terms = [t.replace('"', '""') for t in text.split()]
    return " ".join(f'"{t}"' for t in terms if t)


def _search(text: str) -> tuple[str, list[Any]] | None:
    q = fts_query(text)
    if not q:
        return None
    return "c.rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)", [q]


def _upsert(table: str, columns: str, key: str) -> str:
    # As the SQLite store always wrote it: REPLACE deletes the old row and inserts a new one
    # (a new rowid), where an upsert would keep the row, and with it the order an unsorted
    # read such as placements() may follow.
    marks = ",".join("?" * len(columns.split(",")))
    return f"INSERT OR REPLACE INTO {table} ({columns}) VALUES ({marks})"


# Ids per IN (...) query: below SQLite's default limit on host parameters (32766).
CHUNK = 900


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _any_of(column: str, ids: list[str]) -> Iterator[tuple[str, list[Any]]]:
    for part in _chunks(ids):
        yield f"{column} IN ({','.join('?' * len(part))})", list(part)


SQLITE = Dialect(
    mark="?",
    text_mark="?",
    like="LIKE",
    event_date=EVENT_DATE,
    search=_search,
    upsert=_upsert,
    any_of=_any_of,
    mention_seq=False,
)
