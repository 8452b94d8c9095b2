"""The PostgreSQL dialect of the SQL both stores share (sql.py), so that the same filters,
orders and pages give what the SQLite store gives in the same order: ``%s`` parameters (typed
as text where PostgreSQL cannot tell), the event date read from the JSON record in byte order,
text search, INSERT … ON CONFLICT, and a list of ids as one array.

Full-text search uses PostgreSQL's text search with the 'simple' configuration: lower-cased
words, no stemming and no stop words, as SQLite's FTS5 unicode61 tokenizer does. A ledger
holds six languages (nl, en, de, fr, ru, uk) side by side, PostgreSQL has no Ukrainian
stemmer, and a per-language configuration would make the same search find other claims than
on an SQLite ledger. One difference stays: FTS5 also folds diacritics ("Oekraiense" finds
"Oekraïense"); 'simple' does not (that needs the unaccent extension, which a ledger's user may
not be allowed to install)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .sql import Dialect

# When the event is said to be (see sqlite_claims.EVENT_DATE), in byte order like SQLite's.
EVENT_DATE = (
    "coalesce(c.record::json #>> '{proposition,time,start}', "
    "c.record::json #>> '{captured,start}', c.doc_date, '') COLLATE \"C\""
)


def _search(text: str) -> tuple[str, list[Any]] | None:
    # Each word of the user's text is a phrase of its own (as the quoted terms of
    # sqlite_claims.fts_query), all of them required; nothing in it is query syntax.
    terms = text.split()
    if not terms:
        return None
    query = " && ".join(["phraseto_tsquery('simple', %s::text)"] * len(terms))
    return f"c.fts @@ ({query})", list(terms)


def _upsert(table: str, columns: str, key: str) -> str:
    names = [c.strip() for c in columns.split(",")]
    update = ", ".join(f"{c} = excluded.{c}" for c in names if c != key)
    marks = ",".join(["%s"] * len(names))
    return (
        f"INSERT INTO {table} ({columns}) VALUES ({marks}) "
        f"ON CONFLICT ({key}) DO UPDATE SET {update}"
    )


def _any_of(column: str, ids: list[str]) -> Iterator[tuple[str, list[Any]]]:
    if ids:
        yield f"{column} = ANY(%s)", [ids]


POSTGRES = Dialect(
    mark="%s",
    text_mark="%s::text",
    like="ILIKE",  # under the column's "C" collation it folds ASCII letters only, as SQLite's LIKE
    event_date=EVENT_DATE,
    search=_search,
    upsert=_upsert,
    any_of=_any_of,
    mention_seq=True,
)
