"""What only the SQLite store does: its schema, WAL, migrations and files; the behaviour every
store shares is in test_contract.py."""

from __future__ import annotations

import json
import sqlite3

import pytest

from claimscope.errors import StoreError, StoreUnavailableError
from claimscope.model import Reason
from claimscope.records import assign_claim_ids, claim_record
from claimscope.store.base import open_store
from claimscope.store.sqlite import SQLiteStore, migrations
from tests.conftest import foreign_database, make_document


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "ledger.db")
    yield s
    s.close()


def _stored(store, doc):
    doc.pipeline_version = "test.v1"
    assign_claim_ids(doc)
    store.write_document(doc)
    return doc


def test_sqlite_schema_is_migrated_to_newest_version(store):
    assert store.schema_version == migrations()[-1][0]
    names = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert {"documents", "claims", "mentions", "failures", "documents_fts", "claims_fts"} <= names
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sqlite_refuses_a_file_that_is_not_a_ledger(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        SQLiteStore(bad).stats()


def test_sqlite_refuses_a_newer_schema(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(path).stats()


def test_sqlite_migration_3_keeps_reasons_of_older_ledgers_as_text(tmp_path):
    """A ledger assessed before reasons were data keeps them (as text) and is judged again."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for version, _, sql in migrations():
        if version <= 2:
            conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version={version};\nCOMMIT;")
    doc = make_document()
    assign_claim_ids(doc)
    claim = doc.claims[0]
    rec = claim_record(claim, doc)
    rec["reasons"] = ["unverified: independent weight for 0.00, against 0.00"]
    conn.execute(
        "INSERT INTO documents (id, text, analyzed_at) VALUES (?, ?, 'now')", (doc.id, doc.text)
    )
    conn.execute(
        "INSERT INTO claims VALUES (?,?,0,?,?,'en',NULL,'x',NULL,'unknown','direct_quote',"
        "'ASSAULT','negated','unverified',NULL,?,?)",
        (claim.id, doc.id, claim.start, claim.end, rec["text"], json.dumps(rec)),
    )
    conn.execute("INSERT INTO meta VALUES ('policy', 'abc')")
    conn.close()
    store = SQLiteStore(path)
    (got,) = list(store.claims())
    assert got.status == "unverified"
    assert got.reasons == [Reason("text", text=rec["reasons"][0])]
    assert claim_record(got)["reasons"] == rec["reasons"]
    assert store.meta("policy") is None  # the next analyze judges it again
    store.close()


def test_open_store_picks_sqlite_from_a_path_or_url_and_names_unknown_schemes(tmp_path):
    for url in (str(tmp_path / "a.db"), f"sqlite:///{tmp_path / 'b.db'}"):
        store = open_store(url)
        assert isinstance(store, SQLiteStore) and store.stats()["documents"] == 0
        store.close()
    assert (tmp_path / "a.db").exists() and (tmp_path / "b.db").exists()
    with pytest.raises(StoreError, match=r"no store for 'mysql://'.*sqlite") as e:
        open_store("mysql://analyst:s3cret@db.example:3306/ledger")
    assert "s3cret" not in str(e.value)


@pytest.mark.parametrize("create", [True, False])
def test_sqlite_refuses_a_database_that_is_not_a_ledger_untouched(tmp_path, create):
    path = foreign_database(tmp_path / "notes.db")
    before = path.read_bytes()
    store = SQLiteStore(path, create=create)
    with pytest.raises(StoreError, match="notes.db: not a claimscope ledger.*notes"):
        store.stats()
    store.close()
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == [
        "notes.db"
    ]


def test_sqlite_reader_refuses_an_empty_file_or_an_older_schema_without_writing(tmp_path):
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(StoreError, match="no ledger yet"):
        SQLiteStore(empty, create=False).stats()
    assert empty.stat().st_size == 0
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    version, _, sql = migrations()[0]
    conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version={version};\nCOMMIT;")
    conn.close()
    before = old.read_bytes()
    with pytest.raises(StoreError, match="older.*claimscope assess"):
        SQLiteStore(old, create=False).stats()
    assert old.read_bytes() == before
    writer = SQLiteStore(old)  # a writer migrates it
    assert writer.schema_version == migrations()[-1][0]
    writer.close()


def test_sqlite_a_held_lock_is_a_one_line_error_after_the_timeout(tmp_path, sample_doc):
    path = tmp_path / "ledger.db"
    first = SQLiteStore(path)
    first.stats()  # creates the ledger
    first.close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    store = SQLiteStore(path, timeout=0.1)
    try:
        with pytest.raises(StoreUnavailableError, match=r"ledger.db: .*locked.*0\.1 s"):
            _stored(store, sample_doc)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    _stored(store, sample_doc)  # once the lock is gone, the same store writes
    assert store.stats()["documents"] == 1
    store.close()


def test_sqlite_processes_opening_a_new_ledger_together_migrate_it_once(tmp_path):
    """Two runs started together on a new ledger: each migration is applied by one of them, the
    others find it done (before, they applied it again: "table documents already exists")."""
    import subprocess
    import sys
    import time

    path, go = tmp_path / "ledger.db", tmp_path / "go"
    code = (
        "import os, sys, time\n"
        "from claimscope.store.sqlite import SQLiteStore\n"
        "while not os.path.exists(sys.argv[2]): time.sleep(0.001)\n"
        "store = SQLiteStore(sys.argv[1])\n"
        "print(store.stats()['documents'], store.schema_version)\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(path), str(go)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    time.sleep(1.0)  # all of them imported and waiting
    go.touch()
    newest = migrations()[-1][0]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert (proc.returncode, out.split(), err) == (0, ["0", str(newest)], "")
