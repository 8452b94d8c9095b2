"""The store contract: what the ledger, the assessment and the CLI rely on, run against every
store implementation. A new store adds one entry to STORES (a factory of a URL for a fresh,
empty store) and must pass all of this. The PostgreSQL entry needs the test cluster
(tests/pg_server.py): its tests skip, saying why, where no server can be had."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from datetime import date
from pathlib import Path

import pytest

from claimscope.errors import (
    IngestError,
    NotFoundError,
    QueryError,
    StaleAssessmentError,
    StoreError,
)
from claimscope.model import (
    Assessment,
    Cited,
    Document,
    Mention,
    Placement,
    Reason,
    Situation,
    Stance,
)
from claimscope.records import assign_claim_ids
from claimscope.store.base import ClaimFilter, LeaseOwner, Store, open_store
from tests.conftest import make_document

# name -> ((tmp_path, pytest request) -> URL of a new empty store)
STORES: dict[str, Callable[[Path, pytest.FixtureRequest], str]] = {
    "sqlite-path": lambda tmp, _: str(tmp / "ledger.db"),
    "sqlite-url": lambda tmp, _: f"sqlite:///{tmp / 'ledger.db'}",
    "postgresql": lambda _, request: request.getfixturevalue("postgres_url"),
}


@pytest.fixture(params=sorted(STORES))
def store(request, tmp_path) -> Iterator[Store]:
    s = open_store(STORES[request.param](tmp_path, request))
    yield s
    s.close()


def _stored(store: Store, doc: Document) -> Document:
    doc.pipeline_version = "test.v1"
    assign_claim_ids(doc)
    store.write_document(doc)
    return doc


OTHER = (
    'Ukraine said the column had turned back. "The convoy left Belgorod," a spokesman told '
    "reporters."
)


def test_contract_write_twice_keeps_one_copy(store, sample_doc):
    _stored(store, sample_doc)
    _stored(store, make_document())
    assert store.stats() == {"documents": 1, "claims": 1, "mentions": 1, "failures": 0}
    assert store.pipeline_version_of(sample_doc.id) == "test.v1"
    assert store.pipeline_version_of("0" * 16) is None


def test_contract_round_trip_keeps_offsets_and_fields(store, sample_doc):
    _stored(store, sample_doc)
    doc = store.get_document(sample_doc.id[:6])
    assert doc.text == sample_doc.text and doc.date == "2022-02-15"
    claim = doc.claims[0]
    assert doc.text[claim.claimant.start : claim.claimant.end] == "a spokesman"
    assert doc.text[claim.cue_start : claim.cue_end] == "told reporters"
    assert claim.modality == "negated" and claim.proposition.event_type == "ASSAULT"
    assert claim.doc_id == doc.id and claim.text == doc.text[claim.start : claim.end]
    assert claim.status == "not_assessed" and claim.reasons == []
    assert [(m.start, m.end, m.kind) for m in doc.mentions] == [
        (m.start, m.end, m.kind) for m in sample_doc.mentions
    ]
    assert [(s.start, s.end) for s in doc.sentences] == [
        (s.start, s.end) for s in sample_doc.sentences
    ]


def test_contract_mentions_come_back_by_start_and_ties_as_written(store, sample_doc):
    """Mentions that start at the same place (an organisation and the country in its name)
    come back in the order the pipeline made them, on every store (the web page's spans)."""
    text = sample_doc.text
    m = text.index("Moscow")
    ties = [
        Mention(4, 12, "organization", text[4:12]),
        Mention(4, 7, "other", text[4:7]),
        Mention(4, 12, "other", text[4:12]),
    ]
    sample_doc.mentions = [sample_doc.mentions[0], *ties]  # Moscow first, as appended later
    _stored(store, sample_doc)
    got = [(x.start, x.end, x.kind) for x in store.get_document(sample_doc.id).mentions]
    assert got == [(4, 12, "organization"), (4, 7, "other"), (4, 12, "other"), (m, m + 6, "place")]


def test_contract_claims_are_model_objects_in_document_order(store):
    a = _stored(store, make_document(date="2022-02"))
    b = _stored(store, make_document(OTHER, date="2023-05-01"))
    got = list(store.claims())
    assert [c.doc_id for c in got] == [a.id, b.id]
    assert store.claim(got[1].id[:8]).text.startswith('"The convoy left Belgorod,"')
    assert [info.id for info in store.documents()] == [a.id, b.id]
    assert [info.claims for info in store.documents()] == [1, 1]


def test_contract_failed_write_leaves_no_half_document(store, sample_doc):
    _stored(store, sample_doc)
    other = make_document(OTHER)
    other.pipeline_version = "test.v1"
    assign_claim_ids(other)
    other.claims.append(other.claims[0])  # the same claim id twice: the write must fail whole
    with pytest.raises(StoreError):
        store.write_document(other)
    assert store.stats()["documents"] == 1
    assert store.pipeline_version_of(other.id) is None
    assert store.claims_of_documents([other.id]) == []


def test_contract_filters_and_full_text_search(store):
    a = _stored(store, make_document(date="2022-02"))
    b = _stored(store, make_document(OTHER, date="2023-05-01"))

    def ids(**kw):
        return {c.doc_id for c in store.claims(ClaimFilter(**kw))}

    assert ids() == {a.id, b.id}
    assert ids(search="Belgorod") == {b.id}
    assert ids(search='attack" OR "x') == set()  # user text is never query syntax
    assert ids(search="Belgorod\x00") == {b.id}  # control characters are spaces
    assert ids(claimant="spokes\x00") == set()
    assert ids(since="2022-02-10") == {a.id, b.id}  # month precision overlaps the day
    assert ids(until="2022-02-10") == {a.id}
    assert ids(since="2023-01-01") == {b.id}
    assert ids(claimant="SPOKES") == {a.id, b.id}
    assert ids(claimant="100%") == set()
    assert ids(lang="de") == set()
    assert ids(doc_id=b.id) == {b.id}
    assert len(list(store.claims(ClaimFilter(limit=1)))) == 1


def test_contract_unknown_and_ambiguous_ids(store, sample_doc):
    _stored(store, sample_doc)
    with pytest.raises(NotFoundError):
        store.get_document("zzzz")
    with pytest.raises(NotFoundError):
        store.claim("nope")
    with pytest.raises(NotFoundError):
        store.situation("snope")


def test_contract_an_id_prefix_is_read_in_either_case(store):
    """A prefix typed in capitals names the same document and claim on every store."""
    a = _stored(store, make_document(date="2022-02"))
    upper = a.id[:12].upper()
    assert upper != a.id[:12]  # hex letters in it: the case matters
    assert store.get_document(upper).id == a.id
    claim = a.claims[0].id
    assert store.claim(claim.upper()).id == claim


def test_contract_an_ambiguous_prefix_is_refused_and_an_exact_id_wins(store):
    a = _stored(store, make_document(date="2022-02"))
    b = _stored(store, make_document(OTHER, date="2023-05-01"))
    rows = [Situation(sid, "attacks", sid, "RU", ["RU"], "2022-02-15", "2022-02-16", 1)
            for sid in ("s1", "s10", "s11")]  # fmt: skip
    store.save_assessment(rows, [], [], policy_digest="p1", full=True)
    ca, cb = a.claims[0].id, b.claims[0].id
    docs, claims = os.path.commonprefix([a.id, b.id]), os.path.commonprefix([ca, cb])
    ambiguous = "is ambiguous in .*; give more digits"
    with pytest.raises(NotFoundError, match=f"document id {docs!r} {ambiguous}"):
        store.get_document(docs)
    with pytest.raises(NotFoundError, match=f"claim id {claims!r} {ambiguous}"):
        store.claim(claims)
    with pytest.raises(NotFoundError, match=f"situation id 's' {ambiguous}"):
        store.situation("s")
    assert store.get_document(a.id[: len(docs) + 1]).id == a.id  # one more digit: unique
    assert store.claim(cb[: len(claims) + 1]).id == cb
    assert store.situation("s1").id == "s1"  # an exact id wins over the longer ones
    assert store.situation("s10").id == "s10"


def test_contract_failures_are_recorded_updated_and_cleared(store):
    store.record_failure(IngestError("feed.jsonl", "no text field", line=17))
    store.record_failure(IngestError("feed.jsonl", "no text field (found: body)", line=17))
    store.record_failure(IngestError("empty.txt", "empty file"))
    got = {(f.origin, f.line): f.reason for f in store.failures()}
    assert got == {
        ("empty.txt", None): "empty file",
        ("feed.jsonl", 17): "no text field (found: body)",
    }
    store.clear_failure("feed.jsonl")
    assert [f.origin for f in store.failures()] == ["empty.txt"]


THIRD = (
    'Kyiv reported shelling near Kharkiv overnight. "Two districts lost power," a spokesman told '
    "reporters."
)


def _assessed(store: Store) -> tuple[Document, Document]:
    """Two documents whose claims an assessment put in one situation, one doubting the other."""
    a = make_document(date="2022-02-15")
    b = make_document(OTHER, date="2022-02-16")
    assign_claim_ids(a)
    b.claims[0].stances = [Stance(a.claims[0].id, "doubts")]
    _stored(store, a)
    _stored(store, b)
    cited = Cited(
        id=b.claims[0].id,
        claimant="a spokesman",
        event_type="ASSAULT",
        source_type="unknown",
        evidence="statement",
        modality="negated",
        doc_date="2022-02-16",
    )
    situation = Situation(
        "s1",
        "attacks",
        "Attacks, 2022-02 (Russia)",
        "RU",
        ["RU", "UA"],
        "2022-02-15",
        "2022-02-16",
        2,
    )
    reasons = [
        Reason("summary", status="contested", favour=0.15, against=0.15, policy="default",
               decide=0.8, dominance=2.0),
        Reason("doubted_by", (cited,), 1),
    ]  # fmt: skip
    store.save_assessment(
        [situation],
        [],
        [
            Assessment(a.claims[0].id, "contested", "s1", reasons),
            Assessment(b.claims[0].id, "unverified", "s1", [Reason("no_other_source")]),
        ],
        policy_digest="p1",
        full=True,
    )
    return a, b


def test_contract_assessment_is_stored_as_data(store):
    a, b = _assessed(store)
    claim = store.claim(a.claims[0].id)
    assert (claim.status, claim.situation_id) == ("contested", "s1")
    assert claim.reasons[1].kind == "doubted_by"
    assert claim.reasons[1].claims[0].id == b.claims[0].id  # the full id, to link to
    assert claim.reasons[0].favour == 0.15 and claim.reasons[0].policy == "default"
    assert store.meta("policy") == "p1"
    (s,) = store.situations()
    assert s == store.situation("s")
    assert (s.axis, s.actor, s.area, s.claims) == ("attacks", "RU", ["RU", "UA"], 2)
    assert s.updated_at
    assert {c.id for c in store.claims_of_situations(["s1"])} == {a.claims[0].id, b.claims[0].id}
    assert store.stances_toward([a.claims[0].id]) == [(b.claims[0].id, a.claims[0].id, "doubts")]
    assert [c.id for c in store.claims_by_id([b.claims[0].id])] == [b.claims[0].id]
    # A reader that judges again may leave the reasons out; the status stays.
    (bare,) = store.claims_by_id([a.claims[0].id], reasons=False)
    assert (bare.status, bare.reasons) == ("contested", [])
    assert [c.reasons for c in store.claims(reasons=False)] == [[], []]
    assert [c.status for c in store.claims(ClaimFilter(status="contested"))] == ["contested"]


def test_contract_placements_are_kept_for_the_next_assessment(store):
    a, b = _assessed(store)
    kept = Placement(
        a.claims[0].id, a.id, 12, "attacks", -1, False, True, "RU", None,
        frozenset({"RU", "UA"}), date(2022, 2, 15), date.max, frozenset({"party:RU"}),
    )  # fmt: skip
    other = Placement(
        b.claims[0].id, b.id, 3, "attacks", 1, False, False, None, "UA",
        frozenset({"UA"}), date(2022, 2, 10), date(2022, 2, 16), frozenset({"party:UA"}),
    )  # fmt: skip
    store.save_placements([a.id, b.id], [kept, other])
    got = {p.id: p for p in store.placements()}
    assert got[kept.id] == Placement(**{**asdict(kept), "situation_id": "s1"})
    # Read a few documents at a time; each document's earliest start, to read them in order.
    assert [p.id for p in store.placements([a.id])] == [kept.id]
    assert [p.id for p in store.placements([b.id, "f" * 16])] == [other.id]
    assert list(store.placements([])) == []
    want = [(a.id, "2022-02-15"), (b.id, "2022-02-10")]
    assert sorted(store.placement_starts()) == sorted(want)
    # Re-written (re-analysed), a document's claims lose their placements with them.
    _stored(store, a)
    assert [p.id for p in store.placements()] == [other.id]
    # A document's placements are replaced whole; a claim no longer stored gets none.
    gone = Placement(**{**asdict(kept), "id": "c" * 16})
    store.save_placements([a.id, b.id], [kept, gone])
    assert [p.id for p in store.placements()] == [kept.id]


def test_contract_placements_saved_again_replace_those_of_their_documents(store):
    a, b = _assessed(store)
    grown = Situation(
        "s1", "attacks", "Attacks, 2022-02 (Russia, Ukraine)", "UA", ["UA"], "2022-02-14",
        "2022-02-18", 3,
    )  # fmt: skip
    placed = Placement(
        a.claims[0].id, a.id, 12, "attacks", -1, False, True, "RU", None,
        frozenset({"RU", "UA"}), date(2022, 2, 15), date.max, frozenset({"party:RU"}),
    )  # fmt: skip
    moved = Placement(**{**asdict(placed), "pos": 40, "area": frozenset({"UA"})})
    store.save_placements([a.id], [placed])
    store.save_assessment([grown], [], [], policy_digest="p1", full=False)
    store.save_placements([a.id], [moved])
    (s,) = store.situations()
    assert (s.title, s.actor, s.area, s.start, s.end, s.claims) == (
        "Attacks, 2022-02 (Russia, Ukraine)", "UA", ["UA"], "2022-02-14", "2022-02-18", 3,
    )  # fmt: skip
    assert list(store.placements()) == [Placement(**{**asdict(moved), "situation_id": "s1"})]
    # A full assessment leaves them: the assessment's first step wrote them all again.
    store.save_assessment([], [], [], policy_digest="p2", full=True)
    assert [p.id for p in store.placements()] == [moved.id]


def test_contract_more_ids_than_one_query_takes_are_all_read_and_written(store):
    """Lists of ids longer than one query of SQLite takes (it reads and writes them a chunk at
    a time; PostgreSQL as one array): the ledger's own ids are found wherever they sort among
    ids it does not hold, spread over the whole range of hexadecimal ids."""
    a, b = _assessed(store)
    c = _stored(store, make_document(THIRD, date="2022-03-01"))
    absent = [f"{k:04x}{'0' * 12}" for k in range(0, 1 << 16, 23)]  # 2,850 ids
    claim_ids = [a.claims[0].id, b.claims[0].id]
    got = store.claims_by_id(absent + claim_ids)
    assert sorted(x.id for x in got) == sorted(claim_ids)
    assert store.stances_toward(absent + [a.claims[0].id]) == [
        (b.claims[0].id, a.claims[0].id, "doubts")
    ]
    got = store.claims_of_documents(absent + [a.id, b.id, c.id])
    assert sorted(x.id for x in got) == sorted([a.claims[0].id, b.claims[0].id, c.claims[0].id])
    assert store.pending_documents() == [c.id]
    store.save_assessment([], [], [], policy_digest="p1", full=False, documents=absent + [c.id])
    assert store.pending_documents() == []


def test_contract_an_assessment_made_before_another_was_saved_is_refused(store):
    a, _ = _assessed(store)  # saved once, unchecked
    read = store.meta("generation")
    store.save_assessment([], [], [], policy_digest="p1", full=False, generation=read)
    with pytest.raises(StaleAssessmentError):
        store.save_assessment([], ["s1"], [], policy_digest="p1", full=False, generation=read)
    assert [s.id for s in store.situations()] == ["s1"]  # nothing of the stale one written
    assert store.claim(a.claims[0].id).status == "contested"


def test_contract_a_full_assessment_resets_what_it_does_not_judge(store):
    a, b = _assessed(store)
    store.save_assessment([], ["s1"], [], policy_digest="p2", full=True)
    assert store.situations() == []
    for c in store.claims():
        assert (c.status, c.situation_id, c.reasons) == ("not_assessed", None, [])
    # Re-writing a document (re-analysis) leaves the other document's verdicts alone.
    _assessed(store)
    _stored(store, make_document(OTHER, date="2022-02-16"))
    assert store.claim(a.claims[0].id).status == "contested"


def test_contract_is_safe_to_share_between_threads(store):
    """A server shares one store between request threads: concurrent reads and writes neither
    fail nor see half a document."""
    texts = [
        f'Officials said {n} drones were shot down overnight. "We saw {n} of them," '
        "a spokesman told reporters."
        for n in range(2, 14)
    ]

    def write(text: str) -> None:
        doc = make_document(text)
        doc.mentions = []
        _stored(store, doc)

    def read() -> int:
        seen = 0
        for _ in range(20):
            for c in store.claims():
                assert c.text  # a claim is whole or absent
                seen += 1
        return seen

    with ThreadPoolExecutor(4) as pool:
        readers = [pool.submit(read) for _ in range(2)]
        writers = [pool.submit(write, t) for t in texts]
        for f in writers + readers:
            f.result(timeout=120)  # re-raises what went wrong in the thread
    assert store.stats()["documents"] == len(texts)
    assert len({c.doc_id for c in store.claims()}) == len(texts)


def test_contract_filters_that_cannot_be_right_are_refused(store, sample_doc):
    _stored(store, sample_doc)
    for bad in (
        {"since": "garbage"},
        {"until": "2023-02-30"},
        {"status": "bogus"},
        {"lang": "english"},
        {"limit": 0},
        {"limit": -1},
        {"limit": 2**64},
    ):
        with pytest.raises(QueryError):
            store.claims(ClaimFilter(**bad))
    assert len(list(store.claims(ClaimFilter(limit=2**63 - 1, lang="EN", since="2022")))) == 1


@pytest.fixture(params=sorted(STORES))
def url(request, tmp_path) -> str:
    return STORES[request.param](tmp_path, request)


def test_contract_a_reader_never_creates_a_store(url, tmp_path):
    before = sorted(tmp_path.iterdir())
    reader = open_store(url, create=False)
    with pytest.raises(StoreError, match="no such ledger"):
        reader.stats()
    reader.close()
    assert sorted(tmp_path.iterdir()) == before


def test_contract_a_reader_reads_and_never_writes(url, sample_doc):
    writer = open_store(url)
    _stored(writer, sample_doc)
    writer.close()
    reader = open_store(url, create=False)
    try:
        assert [c.doc_id for c in reader.claims()] == [sample_doc.id]
        other = make_document(OTHER)
        with pytest.raises(StoreError, match="read-only"):
            _stored(reader, other)
        with pytest.raises(StoreError, match="read-only"):
            reader.record_failure(IngestError("x.txt", "empty file"))
        assert reader.stats()["documents"] == 1 and reader.failures() == []
    finally:
        reader.close()


def test_contract_a_written_document_is_pending_until_its_assessment_is_saved(store):
    a = _stored(store, make_document(date="2022-02-15"))
    b = _stored(store, make_document(OTHER, date="2022-02-16"))
    assert store.pending_documents() == sorted([a.id, b.id])
    store.save_assessment([], [], [], policy_digest="p1", full=False, documents=[a.id])
    assert store.pending_documents() == [b.id]
    _stored(store, make_document(date="2022-02-15"))  # re-analysed: to be assessed again
    assert store.pending_documents() == sorted([a.id, b.id])
    store.save_assessment([], [], [], policy_digest="p1", full=True)
    assert store.pending_documents() == []


def test_contract_a_document_keeps_the_problem_it_was_stored_with(store, sample_doc):
    sample_doc.pipeline_version = "test.v1"
    store.write_document(sample_doc, "no date (use --date)")
    info = store.document_info(sample_doc.id)
    assert info is not None and info.problem == "no date (use --date)"
    assert info.lang == sample_doc.lang and info.date == "2022-02-15"
    assert [d.problem for d in store.documents()] == ["no date (use --date)"]
    store.write_document(sample_doc)  # analysed again, without the problem
    assert store.document_info(sample_doc.id).problem is None
    assert store.document_info("0" * 16) is None


def _gone_pid() -> int:
    """The pid of a process that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_contract_a_document_is_leased_to_one_run_at_a_time(store, sample_doc):
    here = socket.gethostname()
    a, b = LeaseOwner("run-a", here, os.getpid()), LeaseOwner("run-b", here, os.getpid())
    assert store.lease(sample_doc.id, a, max_age=60)
    assert store.lease(sample_doc.id, a, max_age=60)  # its own lease: taken again
    assert not store.lease(sample_doc.id, b, max_age=60)  # a live run holds it
    assert store.lease("other", b, max_age=60)
    ((doc_id, holder, taken), (other, _, _)) = store.leases()
    assert (doc_id, holder, other) == (sample_doc.id, a, "other") and taken > 0
    store.release(a, ["other"])  # not a's: left alone
    assert [d for d, _, _ in store.leases()] == sorted([sample_doc.id, "other"])
    store.release(b)
    _stored(store, sample_doc)  # storing the document drops its lease, whoever holds it
    assert store.leases() == []
    assert store.lease(sample_doc.id, b, max_age=60)
    store.release(b, [sample_doc.id])
    assert store.leases() == []


def test_contract_a_lease_of_a_gone_process_or_past_its_age_is_taken_over(store):
    here = socket.gethostname()
    me = LeaseOwner("me", here, os.getpid())
    gone = LeaseOwner("killed", here, _gone_pid())
    assert store.lease("d1", gone, max_age=3600)
    assert store.lease("d1", me, max_age=3600)  # its process is gone
    assert [(d, o.token) for d, o, _ in store.leases()] == [("d1", "me")]
    # A process on another machine cannot be asked about: only the age frees its lease.
    far = LeaseOwner("far", "another-host.example", gone.pid)
    assert store.lease("d2", far, max_age=3600)
    assert not store.lease("d2", me, max_age=3600)
    time.sleep(0.05)
    assert store.lease("d2", me, max_age=0.01)  # older than the bound: taken over
    assert {o.token for _, o, _ in store.leases()} == {"me"}


def test_contract_a_reader_takes_no_lease(url):
    writer = open_store(url)
    writer.stats()  # the ledger is created on first use
    writer.close()
    reader = open_store(url, create=False)
    try:
        with pytest.raises(StoreError, match="read-only"):
            reader.lease("d1", LeaseOwner.this_run(), max_age=60)
        assert reader.leases() == []
    finally:
        reader.close()
