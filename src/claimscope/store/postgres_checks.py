"""What the PostgreSQL store checks before it writes, and how it words what went wrong: a
database that is not a ledger is refused untouched, and a psycopg error becomes one line naming
the ledger (its URL without the password)."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import errors as pg

from ..errors import StoreError, StoreUnavailableError

# The table whose one row is the schema version (SQLite keeps it in PRAGMA user_version); a
# database without it and without tables is empty, one with other tables is someone else's.
VERSION_TABLE = "claimscope_schema"

# Advisory locks take two int4 keys: a class of claimscope's ("clms" in ASCII) and a key in it.
LOCKS = 0x636C6D73
SCHEMA_LOCK = (LOCKS, 1)  # migrations
WRITES_LOCK = (LOCKS, 2)  # shared by document writes, exclusive by an assessment's save
DOC_LOCKS = LOCKS + 1  # (DOC_LOCKS, hashtext(document id)): one document's write and lease


def schema_version(conn: psycopg.Connection[Any]) -> int:
    """The ledger's schema version; 0 when it has none (an empty or foreign database)."""
    # pg_tables is read with the statement's snapshot: to_regclass would look in the session's
    # catalog cache, which does not see a table another process created while this one waited
    # for the migration lock (an advisory lock does not refresh it).
    row = conn.execute(
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = %s",
        (VERSION_TABLE,),
    ).fetchone()
    if not row or not row[0]:
        return 0
    found = conn.execute(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()
    return int(found[0]) if found and found[0] is not None else 0


def check_schema(
    conn: psycopg.Connection[Any], where: str, create: bool, known: list[tuple[int, str, str]]
) -> None:
    """Refuse what is not a claimscope ledger, a newer one, and (reading only) an empty or
    older one, before anything is written. A migration creates its tables and the version in
    one transaction, so a ledger being created at this moment shows neither or both."""
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "ORDER BY tablename LIMIT 4"
        )
    ]
    current = schema_version(conn)
    newest = known[-1][0] if known else 0
    if current > newest:
        raise StoreError(
            f"{where}: ledger schema version {current} is newer than this claimscope knows "
            f"({newest}); upgrade claimscope"
        )
    if current == 0:
        if tables:
            raise StoreError(
                f"{where}: not a claimscope ledger (a PostgreSQL database with tables "
                f"{', '.join(tables[:3])}{', ...' if len(tables) > 3 else ''} and no claimscope "
                "schema); give another --db"
            )
        if not create:
            raise StoreError(
                f"{where}: no such ledger (an empty database); run "
                f"`claimscope analyze PATH --db {where}` first"
            )
    elif current < newest and not create:
        raise StoreError(
            f"{where}: ledger schema version {current} is older than this claimscope's "
            f"({newest}); run `claimscope assess --db {where}` once to upgrade it"
        )


def pg_error(e: psycopg.Error, where: str, doing: str, timeout: float) -> StoreError:
    """``e`` as a one-line StoreError naming the ledger and what to do. A ledger that cannot be
    written or reached at all (locked, read-only, full, server gone) is a
    :class:`StoreUnavailableError`, which stops a run."""
    diag = getattr(e, "diag", None)
    text = (diag.message_primary if diag is not None else None) or str(e).strip()
    text = text.splitlines()[0] if text else type(e).__name__
    at = f"{where}: cannot {doing}"
    if isinstance(e, pg.LockNotAvailable):
        return StoreUnavailableError(
            f"{at}: the ledger is locked by another process (waited --lock-timeout "
            f"{timeout:g} s); run again when it has finished, or raise --lock-timeout "
            "(CLAIMSCOPE_LOCK_TIMEOUT)"
        )
    if isinstance(e, pg.ReadOnlySqlTransaction):
        return StoreUnavailableError(f"{at}: the database is read-only here ({text})")
    if isinstance(e, pg.InsufficientPrivilege):
        return StoreUnavailableError(
            f"{at}: {text}; the database user needs to read and write the ledger's tables"
        )
    if isinstance(e, pg.DiskFull):
        return StoreUnavailableError(f"{at}: the server's disk is full ({text})")
    if isinstance(e, psycopg.OperationalError) and "database" in text and "does not exist" in text:
        return StoreUnavailableError(
            f"{at}: {text}; create it first (createdb, or CREATE DATABASE), claimscope then "
            "creates its tables in it"
        )
    if isinstance(e, psycopg.OperationalError):  # no server, refused, authentication, gone
        return StoreUnavailableError(
            f"{at}: {text}; check that the server runs and the URL's host, port, user and "
            "database are right"
        )
    return StoreError(f"{at}: {text}")
