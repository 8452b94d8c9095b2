"""Situations from footprints written for these tests: who, where, when and which axis."""

from __future__ import annotations

from datetime import date

from claimscope.assess import load_policy
from claimscope.assess.footprint import footprint
from claimscope.model import Claim
from claimscope.records import claim_from_record
from tests.assess.placing import place_all

POLICY = load_policy()


def rec(cid: str, doc: str, day: str, event: str = "MOBILIZE", actor: str | None = "RU",
        places: tuple[str, ...] = (), modality: str = "asserted",
        time: tuple[str, str] | None = None) -> Claim:  # fmt: skip
    """A claim as the store would give it back, built from its record."""
    return claim_from_record({
        "id": cid,
        "doc_id": doc,
        "doc_date": day,
        "lang": "en",
        "text": "",
        "span": [0, 0],
        "status": "not_assessed",
        "mode": "indirect",
        "source_type": "observer",
        "evidence": "statement",
        "claimant": {"name": f"source of {cid}"},
        "modality": modality,
        "proposition": {
            "event_type": event,
            "actor": {"name": actor, "country": actor} if actor else None,
            "places": [{"name": p, "country": p, "span": [0, 0]} for p in places],
            "time": {"start": time[0], "end": time[1], "surface": "", "span": [0, 0]}
            if time else None,
        },
        "stances": [],
    })  # fmt: skip


def place(*records: Claim) -> dict[str, str]:
    return place_all(
        [footprint(r, POLICY) for r in records], POLICY.tolerance_days, POLICY.max_span_days
    )


def test_situations_same_actor_axis_and_week_are_one():
    got = place(
        rec("a", "d1", "2022-02-14", "MOBILIZE"),
        rec("b", "d2", "2022-02-16", "RETREAT", places=("UA",)),
    )
    assert got["a"] == got["b"]


def test_situations_other_actor_axis_or_month_are_apart():
    got = place(
        rec("a", "d1", "2022-02-14"),
        rec("b", "d2", "2022-02-15", actor="UA"),
        rec("c", "d3", "2022-02-15", "ASSAULT"),
        rec("d", "d4", "2022-05-20"),
    )
    assert len(set(got.values())) == 4


def test_situations_no_actor_joins_by_region():
    got = place(
        rec("a", "d1", "2022-02-14", places=("BY",)),
        rec("b", "d2", "2022-02-15", actor=None, places=("BY",)),
        rec("c", "d3", "2022-02-15", actor=None, places=("PL",)),
    )
    assert got["a"] == got["b"] != got["c"]


def test_situations_do_not_chain_beyond_the_span():
    days = [date(2022, 1, 1).toordinal() + 5 * i for i in range(30)]  # every 5 days, 5 months
    records = [rec(f"c{i}", f"d{i}", date.fromordinal(d).isoformat()) for i, d in enumerate(days)]
    got = place(*records)
    assert got["c0"] == got["c1"] and got["c0"] != got["c29"]
    assert len(set(got.values())) >= 30 * 5 // POLICY.max_span_days


def test_situations_a_bridge_merges_two_situations():
    got = place(
        rec("a", "d1", "2022-02-10", actor=None, places=("BY",)),
        rec("b", "d2", "2022-02-11", actor=None, places=("PL",)),
        rec("c", "d3", "2022-02-12", actor=None, places=("BY", "PL")),
    )
    assert got["a"] == got["b"] == got["c"]


def _spans(got) -> list[int]:
    return [(s.end - s.start).days for s in got.by_id.values()]


def test_situations_one_article_recalling_an_old_attack_is_two_situations():
    # A 2024 article on today's shelling that recalls the 2001 one: same actor, axis and
    # document, but no 23-year situation.
    got = place(
        rec("a", "d1", "2024-03-01", "ASSAULT", time=("2001-06-10", "2001-06-10")),
        rec("b", "d1", "2024-03-01", "ASSAULT", time=("2024-02-28", "2024-02-28")),
        rec("c", "d1", "2024-03-01", "ASSAULT", time=("2024-03-01", "2024-03-01")),
    )
    assert got["a"] != got["b"] == got["c"]
    assert max(_spans(got)) <= POLICY.max_span_days


def test_situations_a_long_claimed_time_does_not_stretch_a_situation():
    got = place(
        rec("a", "d1", "2024-03-01", "ASSAULT", time=("2001-01-01", "2024-03-01")),
        rec("b", "d2", "2024-03-01", "ASSAULT"),
    )
    assert got["a"] == got["b"]
    assert max(_spans(got)) <= POLICY.max_span_days


def test_situations_a_bridge_never_merges_past_the_span():
    # Two situations 40 days apart, each within the span of a bridging cluster; merging them
    # all would make one longer than the policy allows.
    first, bridge = "2022-01-01", "2022-01-25"
    last = date.fromordinal(date(2022, 1, 1).toordinal() + POLICY.max_span_days + 5).isoformat()
    got = place(
        rec("a", "d1", first, actor=None, places=("BY",)),
        rec("c", "d3", last, actor=None, places=("PL",)),
        rec("b", "d2", bridge, actor=None, places=("BY", "PL")),
    )
    assert max(_spans(got)) <= POLICY.max_span_days
