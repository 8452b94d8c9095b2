"""Placement read once in time order (situations.place_stream) against placing every cluster of
the ledger sorted by start, the way a whole ledger was placed before: the same situations with
the same members, while a situation leaves memory as soon as no later claim can join it."""

from __future__ import annotations

import random
from datetime import date, timedelta

from claimscope.assess import load_policy
from claimscope.assess.situations import SituationIndex, document_clusters, place_stream
from claimscope.model import Placement
from tests.assess.placing import place_all

POLICY = load_policy()
AXES = ("posture", "attacks")
COUNTRIES = ("RU", "UA", "BY", "PL", "IL", "PS", "LB")


def placement(rng: random.Random, doc: str, k: int, day: date) -> Placement:
    """A claim of a news document: mostly about the days around its date; sometimes a long
    span ("since 2014"), a claim of unknown time, an unnamed actor, a hypothesis."""
    roll = rng.random()
    if roll < 0.05:
        start, end = date.min, date.max
    elif roll < 0.12:
        start, end = day - timedelta(days=rng.randint(200, 4000)), day
    else:
        start = day - timedelta(days=rng.randint(0, 5))
        end = start + timedelta(days=rng.choice((0, 0, 1, 6, 30)))
    actor = rng.choice((*COUNTRIES[:4], None))
    return Placement(
        id=f"{doc}-{k:02d}",
        doc_id=doc,
        pos=k * 40,
        axis=rng.choice(AXES),
        direction=rng.choice((1, -1)),
        speculative=rng.random() < 0.1,
        narration=rng.random() < 0.2,
        actor=actor,
        own_side=None if actor else rng.choice((None, "RU", "UA")),
        area=frozenset(rng.sample(COUNTRIES, rng.randint(0, 2))),
        start=start,
        end=end,
        groups=frozenset({f"name:{rng.randint(0, 9)}"}),
    )


def ledger(seed: int, documents: int, days: int) -> list[Placement]:
    rng = random.Random(seed)
    out = []
    for n in range(documents):
        day = date(2022, 1, 1) + timedelta(days=rng.randint(0, days))
        out += [placement(rng, f"d{n:04d}", k, day) for k in range(rng.randint(1, 8))]
    return out


def sorted_placement(items: list[Placement]) -> dict[str, str]:
    """Every cluster of the ledger at once, sorted by (start, document, first claim), each put
    in the index in that order; merged-away situations followed to the one they went into."""
    index = SituationIndex(POLICY.tolerance_days, POLICY.max_span_days)
    where: dict[str, str] = {}
    redirect: dict[str, str] = {}
    clusters = document_clusters(
        sorted(items, key=lambda f: (f.doc_id, f.pos, f.id)), POLICY.max_span_days
    )
    for cluster in sorted(clusters, key=lambda c: (c.start, c.claims[0].doc_id, c.claims[0].id)):
        s, merged = index.place(cluster)
        where.update((f.id, s.id) for f in cluster.claims)
        redirect.update((old, s.id) for old in merged)
    out = {}
    for cid, sid in where.items():
        while sid in redirect:
            sid = redirect[sid]
        out[cid] = sid
    return out


def test_placement_read_in_time_order_equals_the_sorted_placement():
    for seed, documents, days in ((1, 300, 60), (2, 400, 900), (3, 150, 5)):
        items = ledger(seed, documents, days)
        want = sorted_placement(items)
        got = place_all(items, POLICY.tolerance_days, POLICY.max_span_days)
        assert dict(got) == want, seed
        assert set(got.by_id) == set(want.values())


def test_situations_leave_memory_once_no_later_claim_can_join_them():
    """Two years of news read in order: most situations come out while later documents are
    still to be read, and those still open at any time are few."""
    items = ledger(4, 600, 730)
    by_doc: dict[str, list[Placement]] = {}
    for p in items:
        by_doc.setdefault(p.doc_id, []).append(p)
    order = sorted((min(p.start for p in ps), doc) for doc, ps in by_doc.items())
    read = 0
    read_when_out = []

    def documents():
        nonlocal read
        for first, doc in order:
            read += 1
            yield first, by_doc[doc]

    out = []
    for s, members in place_stream(documents(), POLICY.tolerance_days, POLICY.max_span_days):
        read_when_out.append(read)
        out.append((s, members))
    early = sum(1 for r in read_when_out if r < len(order))
    assert early > 0.8 * len(out)
    # Every claim is in exactly one situation, as many as placed.
    ids = [cid for _, ms in out for cid, _ in ms]
    assert sorted(ids) == sorted(p.id for p in items)


def test_members_carry_the_situation_they_were_in():
    items = ledger(5, 40, 20)
    first = place_all(items, POLICY.tolerance_days, POLICY.max_span_days)
    again = [
        Placement(**{**{f: getattr(p, f) for f in p.__slots__}, "situation_id": first[p.id]})
        for p in items
    ]
    by_doc: dict[str, list[Placement]] = {}
    for p in again:
        by_doc.setdefault(p.doc_id, []).append(p)
    docs = sorted((min(p.start for p in ps), doc) for doc, ps in by_doc.items())
    for s, members in place_stream(
        ((d, by_doc[doc]) for d, doc in docs), POLICY.tolerance_days, POLICY.max_span_days
    ):
        assert all(was == s.id for _, was in members)


def test_a_document_out_of_order_is_refused():
    items = ledger(6, 2, 1)
    late = [p for p in items if p.doc_id == "d0001"]
    try:
        list(place_stream([(date(2030, 1, 1), late)], 3, 30))
    except ValueError as e:
        assert "d0001" in str(e)
    else:
        raise AssertionError("a claim before its document's date was accepted")
