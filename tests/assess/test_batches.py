"""A corpus analysed in batches ends in the same situations and statuses as one run over it,
whatever the order of the batches (placement is greedy in time order, so a batch that reaches
back in time used to end elsewhere)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from claimscope import Ledger
from claimscope.model import Document
from claimscope.records import claim_from_record
from claimscope.store.base import Store

EVENTS = ["MOBILIZE", "RETREAT", "ASSAULT", "AID"]
COUNTRIES = ["RU", "UA", "BY", "PL"]
SOURCES = [("observer", "imagery"), ("party", "statement"), ("third_party", "statement")]


def document(k: int, rng: random.Random) -> Document:
    """An article of 2-5 claims about a few countries within three months, some of them
    doubting a claim of an earlier article, some the outlet's own narration."""
    day = f"2022-{1 + rng.randrange(3):02d}-{1 + rng.randrange(28):02d}"
    text = f"article {k}"
    doc = Document(text=text, date=day, date_precision="day", lang="en")
    for i in range(rng.randint(2, 5)):
        source, evidence = rng.choice(SOURCES)
        actor = rng.choice([*COUNTRIES, None])
        claim = claim_from_record({
            "id": f"c{k:03d}{i}",
            "doc_id": doc.id,
            "doc_date": day,
            "lang": "en",
            "text": text,
            "span": [i, i + 1],
            "status": "not_assessed",
            # Some told by the outlet itself: a narration repeating what its article
            # attributes to someone is theirs again (footprint.echo_attributions).
            "mode": rng.choice(["indirect", "indirect", "narration"]),
            "source_type": source,
            "evidence": evidence,
            "claimant": {"name": f"source {rng.randrange(4)}", "country": rng.choice(COUNTRIES)},
            "modality": rng.choice(["asserted", "asserted", "asserted", "negated", "future"]),
            "proposition": {
                "event_type": rng.choice(EVENTS),
                "actor": {"name": actor, "country": actor} if actor else None,
                "places": [
                    {"name": p, "country": p, "span": [0, 0]}
                    for p in rng.sample(COUNTRIES, rng.randint(0, 2))
                ],
            },
            "stances": [
                {"toward": f"c{rng.randrange(k):03d}0", "relation": rng.choice(["doubts", "denies"])}
            ] if k and rng.random() < 0.2 else [],
        })  # fmt: skip
        doc.claims.append(claim)
    doc.pipeline_version = "test"
    return doc


def outcome(store: Store) -> tuple[dict, dict]:
    """Where every claim is and what was said of it; and every situation's window and size."""
    claims = {
        c.id: (c.situation_id, c.status, [r.kind for r in c.reasons], c.reasons)
        for c in store.claims()
    }
    situations = {
        s.id: (s.title, s.start, s.end, s.claims, tuple(s.area)) for s in store.situations()
    }
    return claims, situations


def one_run(tmp_path: Path, docs: list[Document]) -> tuple[dict, dict]:
    """The outcome of one whole-ledger assessment over ``docs``."""
    with Ledger(tmp_path / "one.db") as one:
        for doc in docs:
            one.store.write_document(doc)
        one.assess()
        return outcome(one.store)


@pytest.mark.parametrize("seed", range(6))
def test_batches_in_any_order_end_as_one_run(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    docs = [document(k, rng) for k in range(40)]
    expected = one_run(tmp_path, docs)
    assert len(expected[1]) > 3, "the case must form several situations"

    # Later articles first, in batches of random size, each assessed as `analyze` does.
    batches: list[list[Document]] = []
    rest = sorted(docs, key=lambda d: d.date or "", reverse=seed % 2 == 0)
    if seed % 2:
        rng.shuffle(rest)
    while rest:
        n = rng.randint(1, 12)
        batches.append(rest[:n])
        rest = rest[n:]
    with Ledger(tmp_path / "batches.db") as ledger:
        for batch in batches:
            for doc in batch:
                ledger.store.write_document(doc)
            ledger.assess([d.id for d in batch])
        got = outcome(ledger.store)
    assert got[1] == expected[1]
    assert got[0] == expected[0]


def test_a_bridging_article_in_a_later_batch_ends_as_one_run(tmp_path: Path) -> None:
    """Placed in time order, a report of Jan 5-10 joins one of Jan 1, and a five-week report from
    Jan 15 stays apart (together they would span more than the policy's 45 days). Added last,
    the short report used to join both."""

    def one(k: int, day: str, end: str | None = None) -> Document:
        doc = Document(text=f"report {k}", date=day, date_precision="day", lang="en")
        doc.claims.append(claim_from_record({
            "id": f"c{k}", "doc_id": doc.id, "doc_date": day, "lang": "en", "text": "",
            "span": [0, 1], "status": "not_assessed", "mode": "observation",
            "source_type": "observer", "evidence": "satellite_imagery",
            "claimant": {"name": f"observer {k}"}, "modality": "asserted",
            "proposition": {
                "event_type": "MOBILIZE", "actor": {"name": "Russia", "country": "RU"},
                "time": {"start": day, "end": end or day, "span": [0, 0]},
            },
            "stances": [],
        }))  # fmt: skip
        doc.pipeline_version = "test"
        return doc

    first, third = one(1, "2022-01-01"), one(3, "2022-01-15", "2022-02-17")
    bridge = one(2, "2022-01-05", "2022-01-10")
    expected = one_run(tmp_path, [first, third, bridge])
    with Ledger(tmp_path / "two.db") as ledger:
        for batch in ([first, third], [bridge]):
            for doc in batch:
                ledger.store.write_document(doc)
            ledger.assess([d.id for d in batch])
        got = outcome(ledger.store)
    assert len(expected[1]) == 2
    assert got == expected


def test_an_assessment_overtaken_by_another_run_is_made_again(tmp_path: Path) -> None:
    """Two runs share a ledger: one saves its assessment while the other is making its own.
    The slower one must not save what it read before (the first run's placements would be
    lost); it reads the ledger again, and the end is as one run over both batches."""
    rng = random.Random(11)
    docs = [document(k, rng) for k in range(24)]
    expected = one_run(tmp_path, docs)
    first, second = docs[4:14], docs[14:]
    with Ledger(tmp_path / "two.db") as ledger, Ledger(tmp_path / "two.db") as other:
        for doc in docs[:4]:
            ledger.store.write_document(doc)
        ledger.assess()
        for doc in docs[4:]:
            ledger.store.write_document(doc)
        real = ledger.store.placement_starts
        calls = []

        def overtaken():  # the other run saves just after this one read the generation
            if not calls:
                other.assess([d.id for d in first])
            calls.append(1)
            return real()

        ledger.store.placement_starts = overtaken  # type: ignore[method-assign]
        ledger.assess([d.id for d in second])
        got = outcome(ledger.store)
    assert len(calls) == 2, "the stale assessment was not made again"
    assert got == expected


def test_read_and_judged_a_few_at_a_time_ends_as_one_run(tmp_path: Path, monkeypatch) -> None:
    """A run's new documents are placed a few at a time, the ledger is read back a few
    documents at a time and judged a few claims at a time (the verdicts kept on disk
    meanwhile), so that memory stays flat: the same situations, statuses and reasons as one
    assessment that held everything, and the progress told step by step."""
    import claimscope.assess.runner as runner

    rng = random.Random(5)
    docs = [document(k, rng) for k in range(40)]
    expected = one_run(tmp_path, docs)
    monkeypatch.setattr(runner, "READ_DOCUMENTS", 6)
    monkeypatch.setattr(runner, "JUDGE_CLAIMS", 4)
    with Ledger(tmp_path / "small.db") as ledger:
        for doc in docs:
            ledger.store.write_document(doc)
        told: list[tuple[str, int, int]] = []
        report = ledger.assess([d.id for d in docs], progress=lambda *a: told.append(a))
        assert not report.full  # the ledger was new: incremental, as analyze does it
        assert ledger.store.pending_documents() == []
        got = outcome(ledger.store)
        placed = len(ledger.store.placement_starts())
    assert got == expected
    assert [t for t in told if t[0] == "placing"] == [
        ("placing", k, 40) for k in (0, 6, 12, 18, 24, 30, 36, 40)
    ]
    judging = [t for t in told if t[0] == "judging"]
    assert judging[0] == ("judging", 0, placed) and judging[-1] == ("judging", placed, placed)
    assert len(judging) == 1 + -(-placed // 6)


def test_a_run_stopped_between_placing_and_judging_is_finished_by_the_next(
    tmp_path: Path, monkeypatch
) -> None:
    """The new claims' placements are stored before the situations are judged; a run that
    stops in between leaves its documents pending, and the next assessment ends as one run."""
    import claimscope.assess.runner as runner

    rng = random.Random(9)
    docs = [document(k, rng) for k in range(30)]
    expected = one_run(tmp_path, docs)
    with Ledger(tmp_path / "stopped.db") as ledger:
        for doc in docs:
            ledger.store.write_document(doc)

        def stop(*args, **kwargs):
            raise KeyboardInterrupt

        with monkeypatch.context() as m:
            m.setattr(runner, "_judge_ledger", stop)
            with pytest.raises(KeyboardInterrupt):
                ledger.assess([d.id for d in docs])
        assert ledger.store.placement_starts()  # placed, not judged
        assert len(ledger.store.pending_documents()) == len(docs)
        ledger.assess(ledger.store.pending_documents())
        got = outcome(ledger.store)
    assert got == expected
