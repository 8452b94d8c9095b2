"""What a claim record says for assessment: its axis and direction, who acts, where, when, who
stands behind it and how much it weighs.

Everything is read from the claim record (schema/claim.schema.json) and compared by canonical
ids and ISO codes, never by strings of different languages: "Poetin", "Putin" and "Путин" are
``ru.putin``, "Krim" and "Крым" are Crimea in country UA.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..stages.mentions.intervals import anchor_of
from .policy import Policy

SPECULATIVE = frozenset({"future", "hypothetical", "conditional", "unknown"})


@dataclass(slots=True)
class Footprint:
    id: str
    doc_id: str
    axis: str | None
    direction: int  # +1 / -1 on the axis (0 without an axis)
    speculative: bool  # a prediction or hypothesis: evidence of nothing
    actor: str | None  # ISO country of who acts
    own_side: str | None  # a party's country, for a statement that names no actor
    area: frozenset[str]  # ISO countries of actor, target and places
    start: date
    end: date
    groups: frozenset[str]  # source groups behind the claim (one per joint member)
    weight: float  # what one such claim counts for, by source type and evidence
    quantity: float | None
    stances: list[tuple[str, str]]  # (target claim id, relation)
    record: dict[str, Any]

    @property
    def observation(self) -> bool:
        return self.record.get("mode") == "observation"


def source_groups(rec: dict[str, Any]) -> frozenset[str]:
    """Who stands behind a claim, as independence groups: a party's whole side is one group
    (its ministry, spokesman and president repeat one source); anyone else is its entity, else
    its name; the outlet's narration is the outlet."""
    claimant = rec.get("claimant") or {}
    members = claimant.get("members") or [dict(claimant, source_type=rec.get("source_type"))]
    out = set()
    for m in members:
        kind = m.get("source_type") or rec.get("source_type")
        if kind == "party" and m.get("country"):
            out.add(f"party:{m['country']}")
        elif m.get("entity_id"):
            out.add(f"entity:{m['entity_id']}")
        elif rec.get("mode") == "narration":
            out.add(f"outlet:{claimant.get('name') or ''}:{rec.get('doc_id')}")
        else:
            out.add(f"name:{(m.get('name') or '').casefold()}:{rec.get('doc_id')}")
    return frozenset(out)


def weight_of(rec: dict[str, Any], policy: Policy) -> float:
    """Source-type weight times evidence weight; a joint claim counts as its strongest member."""
    claimant = rec.get("claimant") or {}
    kinds = [m.get("source_type") for m in claimant.get("members") or []] or [
        rec.get("source_type")
    ]
    source = max(policy.source_weights.get(k or "unknown", 0.0) for k in kinds)
    evidence = policy.evidence_weights.get(rec.get("evidence") or "none", 0.0)
    return source * evidence


def _interval(value: dict[str, Any] | None) -> tuple[date, date] | None:
    if not value or not value.get("start"):
        return None
    try:
        return date.fromisoformat(value["start"][:10]), date.fromisoformat(
            (value.get("end") or value["start"])[:10]
        )
    except ValueError:
        return None


def _country(arg: dict[str, Any] | None) -> str | None:
    return (arg or {}).get("country") or None


def footprint(rec: dict[str, Any], policy: Policy) -> Footprint:
    prop = rec.get("proposition") or {}
    axis = policy.axis_of(prop.get("event_type") or "")
    direction = 0
    if axis is not None:
        direction = axis.events[prop["event_type"]]
        if rec.get("modality") == "negated":
            direction = -direction
    actor = _country(prop.get("actor"))
    claimant = rec.get("claimant") or {}
    own = None
    if actor is None and axis is not None and axis.own_side and rec.get("source_type") == "party":
        own = claimant.get("country")
    area = {p.get("country") for p in prop.get("places") or [] if p.get("country")}
    area |= {c for c in (actor, _country(prop.get("target"))) if c}
    when = _interval(prop.get("time")) or _interval(rec.get("captured"))
    if when is None:
        anchor = anchor_of(rec.get("doc_date"))
        when = (anchor.start, anchor.end) if anchor else (date.min, date.max)
    q = prop.get("quantity") or {}
    return Footprint(
        id=rec["id"],
        doc_id=rec["doc_id"],
        axis=axis.name if axis else None,
        direction=direction,
        speculative=rec.get("modality") in SPECULATIVE,
        actor=actor,
        own_side=own,
        area=frozenset(area),
        start=when[0],
        end=when[1],
        groups=source_groups(rec),
        weight=weight_of(rec, policy),
        quantity=q.get("value") if isinstance(q.get("value"), int | float) else None,
        stances=[(s["toward"], s["relation"]) for s in rec.get("stances") or []],
        record=rec,
    )


def echo_attributions(fps: list[Footprint]) -> None:
    """An outlet's narration that goes the way a claim its own article attributes to someone
    goes is that someone's claim told again (a headline over the ministry's announcement):
    it gets their source groups, so it cannot corroborate them."""
    said: dict[tuple[str, str, int], set[str]] = {}
    for f in fps:
        if f.axis and f.record.get("mode") != "narration":
            said.setdefault((f.doc_id, f.axis, f.direction), set()).update(f.groups)
    for f in fps:
        if f.axis and f.record.get("mode") == "narration":
            echoed = said.get((f.doc_id, f.axis, f.direction))
            if echoed:
                f.groups = frozenset(echoed | f.groups)
