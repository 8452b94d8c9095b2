from __future__ import annotations

import sqlite3

import pytest

from claimscope.errors import NotFoundError, StoreError
from claimscope.model import Place
from claimscope.records import assign_claim_ids
from claimscope.store.base import ClaimFilter
from claimscope.store.sqlite import SQLiteStore, migrations
from tests.conftest import make_document


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


def test_sqlite_write_twice_keeps_one_copy(store, sample_doc):
    _stored(store, sample_doc)
    _stored(store, make_document())
    assert store.stats() == {"documents": 1, "claims": 1, "mentions": 1, "failures": 0}


def test_sqlite_round_trip_keeps_offsets_and_fields(store, sample_doc):
    _stored(store, sample_doc)
    doc = store.get_document(sample_doc.id[:6])
    assert doc.text == sample_doc.text
    claim = doc.claims[0]
    assert doc.text[claim.claimant.start : claim.claimant.end] == "a spokesman"
    assert doc.text[claim.cue_start : claim.cue_end] == "told reporters"
    assert claim.modality == "negated" and claim.proposition.event_type == "ASSAULT"
    assert doc.mentions[0].value == Place("Moscow", "RU")
    assert [(s.start, s.end) for s in doc.sentences] == [
        (s.start, s.end) for s in sample_doc.sentences
    ]


def test_sqlite_failed_write_leaves_no_half_document(store, sample_doc):
    _stored(store, sample_doc)
    other = make_document(
        'Kyiv said the shelling went on all night. "It did not stop," a spokesman told reporters.'
    )
    other.pipeline_version = "test.v1"
    assign_claim_ids(other)
    other.claims.append(other.claims[0])  # same claim id twice: the second insert fails
    with pytest.raises(StoreError):
        store.write_document(other)
    assert store.stats()["documents"] == 1
    assert store.pipeline_version_of(other.id) is None
    assert (
        store.conn.execute("SELECT count(*) FROM claims WHERE doc_id = ?", (other.id,)).fetchone()[
            0
        ]
        == 0
    )


def test_sqlite_filters_and_full_text_search(store):
    a = _stored(store, make_document(date="2022-02"))
    b = _stored(
        store,
        make_document(
            'Ukraine said the column had turned back. "The convoy left Belgorod," a spokesman told reporters.',
            date="2023-05-01",
        ),
    )

    def ids(**kw):
        return {r["doc_id"] for r in store.claim_records(ClaimFilter(**kw))}

    assert ids() == {a.id, b.id}
    assert ids(search="Belgorod") == {b.id}
    assert ids(search='attack" OR "x') == set()  # user text is never FTS syntax
    assert ids(since="2022-02-10") == {a.id, b.id}  # month precision overlaps the day
    assert ids(until="2022-02-10") == {a.id}
    assert ids(since="2023-01-01") == {b.id}
    assert ids(claimant="SPOKES") == {a.id, b.id}
    assert ids(claimant="100%") == set()
    assert ids(lang="de") == set()


def test_sqlite_unknown_and_ambiguous_ids(store, sample_doc):
    _stored(store, sample_doc)
    with pytest.raises(NotFoundError):
        store.get_document("zzzz")
    with pytest.raises(NotFoundError):
        store.claim_record("nope")


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
