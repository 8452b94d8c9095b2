"""What only the PostgreSQL store does: its schema and migrations, refusals, locks and messages,
on the throw-away cluster of tests/pg_server.py; the behaviour every store shares is in
test_contract.py."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import uuid
from urllib.parse import urlsplit

import psycopg
import pytest

from claimscope.errors import StaleAssessmentError, StoreError, StoreUnavailableError
from claimscope.model import Assessment, Reason, Situation
from claimscope.records import assign_claim_ids
from claimscope.store.base import ClaimFilter, open_store
from claimscope.store.postgres import PostgresStore, migrations
from claimscope.store.postgres_checks import WRITES_LOCK
from claimscope.store.sqlite import migrations as sqlite_migrations
from tests.conftest import make_document


def _stored(store, doc):
    doc.pipeline_version = "test.v1"
    assign_claim_ids(doc)
    store.write_document(doc)
    return doc


def _sql(url: str, *statements: str) -> list:
    with psycopg.connect(url, autocommit=True) as conn:
        out = []
        for s in statements:
            cur = conn.execute(s)
            out.append(cur.fetchall() if cur.description else None)
        return out


def test_postgres_migrations_have_the_versions_and_names_of_sqlite():
    assert [(v, n) for v, n, _ in migrations()] == [(v, n) for v, n, _ in sqlite_migrations()]


def test_postgres_schema_is_migrated_to_newest_version(postgres_url):
    for url in (postgres_url, postgres_url.replace("postgresql://", "postgres://")):
        store = open_store(url)
        assert isinstance(store, PostgresStore)
        assert store.schema_version == migrations()[-1][0]
        assert store.stats()["documents"] == 0
        store.close()
    (tables,) = _sql(postgres_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    assert {"documents", "claims", "mentions", "failures", "leases", "placements"} <= {
        t for (t,) in tables
    }


def test_postgres_search_uses_text_search_and_listings_use_byte_order(postgres_server):
    """'simple' text search: case-folded words, no stemming; and claimants sort as in SQLite
    (byte order: "Zelensky" before "a spokesman") in a database whose collation (ICU English)
    would put them the other way round."""
    name = f"icu_{uuid.uuid4().hex[:12]}"
    _sql(postgres_server.url(), f"CREATE DATABASE {name} TEMPLATE template0 "
         "LOCALE_PROVIDER icu ICU_LOCALE 'en' LOCALE 'C.UTF-8'")  # fmt: skip
    url = postgres_server.url(name)
    assert _sql(url, "SELECT 'Z' < 'a'") == [[(False,)]]  # the database's own order
    store = open_store(url)
    a = _stored(store, make_document(date="2022-02"))
    text = 'Officials said the bridge was hit. "Zwei Raketen trafen die Brücke," a spokesman told reporters.'
    b = make_document(text, date="2022-03-01")
    b.claims[0].claimant.name = "Zelensky"
    _stored(store, b)
    found = {c.doc_id for c in store.claims(ClaimFilter(search="BRÜCKE"))}
    assert found == {b.id}
    assert [c.doc_id for c in store.claims(ClaimFilter(search="planned attack"))] == [a.id]
    assert list(store.claims(ClaimFilter(search="plan"))) == []  # no stemming, whole words
    order = [c.claimant.name for c in store.claims(ClaimFilter(sort="claimant"))]
    assert order == ["Zelensky", "a spokesman"]
    assert [v for v, _ in store.facets(ClaimFilter())["claimant"]] == order
    store.close()
    _sql(postgres_server.url(), f"DROP DATABASE {name} WITH (FORCE)")


def test_postgres_refuses_a_database_that_is_not_a_ledger_untouched(postgres_url):
    _sql(postgres_url, "CREATE TABLE notes (id serial PRIMARY KEY, body text)",
         "INSERT INTO notes (body) VALUES ('keep me')")  # fmt: skip
    for create in (True, False):
        store = PostgresStore(postgres_url, create=create)
        with pytest.raises(StoreError, match="not a claimscope ledger.*notes"):
            store.stats()
        store.close()
    (tables, rows) = _sql(
        postgres_url,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
        "SELECT body FROM notes",
    )
    assert tables == [("notes",)] and rows == [("keep me",)]


def test_postgres_reader_refuses_an_empty_or_older_database_and_never_migrates(postgres_url):
    with pytest.raises(StoreError, match="no such ledger"):
        PostgresStore(postgres_url, create=False).stats()
    version, _, sql = migrations()[0]
    _sql(postgres_url, sql, "CREATE TABLE claimscope_schema (version integer NOT NULL)",
         f"INSERT INTO claimscope_schema VALUES ({version})")  # fmt: skip
    with pytest.raises(StoreError, match="older.*claimscope assess"):
        PostgresStore(postgres_url, create=False).stats()
    assert _sql(postgres_url, "SELECT version FROM claimscope_schema") == [[(version,)]]
    writer = PostgresStore(postgres_url)  # a writer migrates it
    assert writer.schema_version == migrations()[-1][0]
    writer.close()
    _sql(postgres_url, "UPDATE claimscope_schema SET version = 999")
    with pytest.raises(StoreError, match="newer"):
        PostgresStore(postgres_url).stats()


def test_postgres_messages_never_show_the_password(postgres_url, postgres_server):
    parts = urlsplit(postgres_url)
    url = f"postgresql://{parts.username}:s3cret@127.0.0.1:1/{parts.path[1:]}"  # nothing there
    store = open_store(url)
    with pytest.raises(StoreUnavailableError, match=r"postgresql://claimscope:\*\*\*@") as e:
        store.stats()
    assert "s3cret" not in str(e.value) and "\n" not in str(e.value)
    assert "s3cret" not in store.location
    missing = postgres_url.rsplit("/", 1)[0] + "/nosuchdb"
    with pytest.raises(StoreUnavailableError, match="nosuchdb.*does not exist.*createdb"):
        open_store(missing).stats()
    with pytest.raises(StoreError, match="no such ledger"):  # the reader's message too
        open_store(postgres_url.replace("@", ":s3cret@"), create=False).stats()


def test_postgres_a_held_lock_is_a_one_line_error_after_the_timeout(postgres_url, sample_doc):
    store = PostgresStore(postgres_url, timeout=0.1)
    store.stats()  # creates the ledger
    with psycopg.connect(postgres_url) as holder:  # an assessment being saved elsewhere
        holder.execute("SELECT pg_advisory_xact_lock(%s, %s)", WRITES_LOCK)
        with pytest.raises(StoreUnavailableError, match=r"locked by another process.*0\.1 s"):
            _stored(store, sample_doc)
    _stored(store, sample_doc)  # once the lock is gone, the same store writes
    assert store.stats()["documents"] == 1
    store.close()


def test_postgres_processes_opening_a_new_ledger_together_migrate_it_once(postgres_url, tmp_path):
    go = tmp_path / "go"
    code = (
        "import os, sys, time\n"
        "from claimscope.store.postgres import PostgresStore\n"
        "while not os.path.exists(sys.argv[2]): time.sleep(0.001)\n"
        "store = PostgresStore(sys.argv[1])\n"
        "print(store.stats()['documents'], store.schema_version)\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, postgres_url, str(go)],
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


def test_postgres_two_writers_store_one_document_once_and_one_assessment_wins(postgres_url):
    """Two stores (two machines) write the same document at once, and save assessments made
    from the same generation: one copy, and the second assessment is refused as stale."""
    stores = [PostgresStore(postgres_url) for _ in range(2)]
    stores[0].stats()
    docs = [make_document(), make_document()]
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            for _ in range(10):
                _stored(stores[i], docs[i])
        except BaseException as e:  # re-raised below, in the test's thread
            errors.append(e)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert stores[0].stats() == {"documents": 1, "claims": 1, "mentions": 1, "failures": 0}
    claim = docs[0].claims[0].id
    read = stores[0].meta("generation") or "0"
    situation = Situation("s1", "attacks", "Attacks", "RU", ["RU"], "2022-02-15", "2022-02-15", 1)
    verdict = Assessment(claim, "unverified", "s1", [Reason("no_other_source")])
    stores[0].save_assessment([situation], [], [verdict], "p1", False, generation=read)
    with pytest.raises(StaleAssessmentError):
        stores[1].save_assessment([], ["s1"], [], "p1", False, generation=read)
    assert [s.id for s in stores[1].situations()] == ["s1"]
    for s in stores:
        s.close()


def test_postgres_test_server_says_why_when_none_can_be_had(monkeypatch):
    """Without server binaries and without a way to install them, the fixture's reason says
    what is missing and what to install (the tests then skip with it)."""
    from tests import pg_server

    monkeypatch.setattr(pg_server, "_bin_dir", lambda: None)
    monkeypatch.setattr(pg_server.os, "geteuid", lambda: 1000)
    with pytest.raises(pg_server.Unavailable, match="initdb, pg_ctl.*postgresql package"):
        pg_server.find_binaries()
