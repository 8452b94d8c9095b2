"""What the SQLite store checks before it writes, and how it words what went wrong: a file that
is not a ledger is refused untouched, and an sqlite3 error becomes one line naming the ledger."""

from __future__ import annotations

import os
import sqlite3

from ..errors import StoreError, StoreUnavailableError

# Seconds a write waits for another process's write lock before it gives up: the 30 s the store
# has always waited (not measured here). Settings.lock_timeout (--lock-timeout) sets it; without
# it the environment variable CLAIMSCOPE_LOCK_TIMEOUT does, for a shorter wait in tests or a
# longer one beside a slow writer.
LOCK_TIMEOUT = 30.0
LOCK_TIMEOUT_ENV = "CLAIMSCOPE_LOCK_TIMEOUT"


def lock_timeout(path: str, given: float | None) -> float:
    """``given``, else CLAIMSCOPE_LOCK_TIMEOUT, else LOCK_TIMEOUT; a bad value is one line."""
    if given is None:
        text = os.environ.get(LOCK_TIMEOUT_ENV) or ""
        try:
            given = float(text) if text.strip() else LOCK_TIMEOUT
        except ValueError:
            raise StoreError(
                f"{path}: {LOCK_TIMEOUT_ENV}={text!r} is not a number of seconds (the wait "
                "for the ledger's lock, --lock-timeout)"
            ) from None
    if not given >= 0:  # also NaN
        raise StoreError(f"{path}: --lock-timeout {given:g} must be 0 or more seconds")
    return given


def check_schema(
    conn: sqlite3.Connection, path: str, create: bool, known: list[tuple[int, str, str]]
) -> None:
    """Refuse what is not a claimscope ledger before anything is written to it. The version and
    the tables are read in one transaction: another process may be creating the ledger at this
    moment, and its tables without its version would look like someone else's database."""
    conn.execute("BEGIN")
    try:
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name LIMIT 4"
            )
        ]
    finally:
        conn.execute("COMMIT")
    newest = known[-1][0] if known else 0
    if current > newest:
        raise StoreError(
            f"{path}: ledger schema version {current} is newer than this claimscope "
            f"knows ({newest}); upgrade claimscope"
        )
    if current == 0:
        if tables:
            raise StoreError(
                f"{path}: not a claimscope ledger (an SQLite database with tables "
                f"{', '.join(tables[:3])}{', ...' if len(tables) > 3 else ''} and no "
                "claimscope schema); give another --db"
            )
        if not create:
            raise StoreError(
                f"{path}: an empty file, no ledger yet; run "
                f"`claimscope analyze PATH --db {path}` first"
            )
    elif current < newest and not create:
        raise StoreError(
            f"{path}: ledger schema version {current} is older than this claimscope's "
            f"({newest}); run `claimscope assess --db {path}` once to upgrade it"
        )


def store_error(e: sqlite3.Error, path: str, doing: str, timeout: float) -> StoreError:
    """``e`` as a one-line StoreError naming the ledger and what to do. A ledger that cannot
    be written at all (locked, read-only, full, failing disk) is a
    :class:`StoreUnavailableError`, which stops a run."""
    name = getattr(e, "sqlite_errorname", "") or ""
    text = str(e)
    where = f"{path}: cannot {doing}"
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return StoreUnavailableError(
            f"{where}: the ledger is locked by another process (waited --lock-timeout "
            f"{timeout:g} s); run again when it has finished, or raise --lock-timeout "
            "(CLAIMSCOPE_LOCK_TIMEOUT)"
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return StoreUnavailableError(
            f"{where}: the ledger is read-only ({text}); the file and its folder must be "
            "writable (SQLite adds -wal and -shm files beside it)"
        )
    if name.startswith("SQLITE_FULL"):
        return StoreUnavailableError(f"{where}: the disk is full ({text}); free some space")
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_PERM")):
        return StoreUnavailableError(
            f"{where}: {text}; check the disk's free space and the permissions of the file "
            "and its folder"
        )
    if name.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")):
        return StoreError(f"{path}: not a claimscope ledger or damaged ({text})")
    return StoreError(f"{where}: {text}")
