"""What a claim record says for assessment: its axis and direction, who acts, where, when, who
stands behind it and how much it weighs.

Everything is read from the claim (model objects, as the store returns them) and compared by canonical
ids and ISO codes, never by strings of different languages: "Poetin", "Putin" and "Путин" are
``ru.putin``, "Krim" and "Крым" are Crimea in country UA.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..model import Argument, Cited, Claim, Claimant, Placement, QuantityArg, TimeArg
from ..stages.mentions.intervals import anchor_of
from .policy import Policy

SPECULATIVE = frozenset({"future", "hypothetical", "conditional", "unknown"})


@dataclass(slots=True)
class Footprint:
    id: str
    doc_id: str
    pos: int  # where the claim starts in its document
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
    mode: str  # statement, observation or narration
    modality: str
    # The claim as reasons name it: all the judgement reads of the claim beside the fields
    # above, so that a footprint does not hold its whole record (a large situation is judged
    # with hundreds of thousands of them).
    cited: Cited

    @property
    def observation(self) -> bool:
        return self.mode == "observation"

    @property
    def narration(self) -> bool:
        return self.mode == "narration"


def source_groups(claim: Claim) -> frozenset[str]:
    """Who stands behind a claim, as independence groups: a party's whole side is one group
    (its ministry, spokesman and president repeat one source); anyone else is its entity, else
    its name; the outlet's narration is the outlet."""
    who = claim.claimant
    members = who.members or [
        Claimant(who.name, entity_id=who.entity_id, country=who.country, source_type="")
    ]
    out = set()
    for m in members:
        kind = m.source_type or claim.source_type
        if kind == "party" and m.country:
            out.add(f"party:{m.country}")
        elif m.entity_id:
            out.add(f"entity:{m.entity_id}")
        elif claim.mode == "narration":
            out.add(f"outlet:{who.name or ''}:{claim.doc_id}")
        else:
            out.add(f"name:{(m.name or '').casefold()}:{claim.doc_id}")
    return frozenset(out)


def weight_of(claim: Claim, policy: Policy) -> float:
    """Source-type weight times evidence weight; a joint claim counts as its strongest member."""
    kinds = [m.source_type for m in claim.claimant.members] or [claim.source_type]
    source = max(policy.source_weights.get(k or "unknown", 0.0) for k in kinds)
    evidence = policy.evidence_weights.get(claim.evidence or "none", 0.0)
    return source * evidence


def _interval(t: TimeArg | None) -> tuple[date, date] | None:
    if t is None or not t.start:
        return None
    try:
        return date.fromisoformat(t.start[:10]), date.fromisoformat((t.end or t.start)[:10])
    except ValueError:
        return None


def _number(q: QuantityArg | None) -> float | None:
    return q.value if q is not None and isinstance(q.value, int | float) else None


def _country(arg: Argument | None) -> str | None:
    return arg.country if arg is not None and arg.country else None


def footprint(claim: Claim, policy: Policy) -> Footprint:
    prop = claim.proposition
    axis = policy.axis_of(prop.event_type or "")
    direction = 0
    if axis is not None:
        direction = axis.events[prop.event_type]
        if claim.modality == "negated":
            direction = -direction
    actor = _country(prop.actor)
    own = None
    if actor is None and axis is not None and axis.own_side and claim.source_type == "party":
        own = claim.claimant.country
    area = {p.country for p in prop.places if p.country}
    area |= {c for c in (actor, _country(prop.target)) if c}
    when = _interval(prop.time) or _interval(claim.captured)
    if when is None:
        anchor = anchor_of(claim.doc_date)
        when = (anchor.start, anchor.end) if anchor else (date.min, date.max)
    return Footprint(
        id=claim.id,
        doc_id=claim.doc_id,
        pos=claim.start,
        axis=axis.name if axis else None,
        direction=direction,
        speculative=claim.modality in SPECULATIVE,
        actor=actor,
        own_side=own,
        area=frozenset(area),
        start=when[0],
        end=when[1],
        groups=source_groups(claim),
        weight=weight_of(claim, policy),
        quantity=_number(prop.quantity),
        stances=[(s.toward, s.relation) for s in claim.stances],
        mode=claim.mode,
        modality=claim.modality,
        cited=cited_of(claim),
    )


def cited_of(c: Claim) -> Cited:
    """The claim as a reason names it."""
    t = c.proposition.time or c.captured
    return Cited(
        id=c.id,
        claimant=c.claimant.name or "?",
        source_type=c.source_type,
        evidence=c.evidence,
        event_type=c.proposition.event_type,
        modality=c.modality,
        time_start=(t.start or None) if t is not None else None,
        time_end=(t.end or None) if t is not None and t.start else None,
        doc_date=c.doc_date,
    )


def placement_of(f: Footprint) -> Placement:
    """What is stored of a footprint to place its claim again (its groups before echoes)."""
    return Placement(
        f.id,
        f.doc_id,
        f.pos,
        f.axis,
        f.direction,
        f.speculative,
        f.narration,
        f.actor,
        f.own_side,
        f.area,
        f.start,
        f.end,
        f.groups,
    )


Said = dict[tuple[str, str, int], set[str]]


def attributed(items: Iterable[Footprint | Placement]) -> Said:
    """Source groups of the attributed claims per (document, axis, direction)."""
    said: Said = {}
    for f in items:
        if f.axis and not f.narration:
            said.setdefault((f.doc_id, f.axis, f.direction), set()).update(f.groups)
    return said


def echo_attributions(fps: list[Footprint], said: Said | None = None) -> None:
    """An outlet's narration that goes the way a claim its own article attributes to someone
    goes is that someone's claim told again (a headline over the ministry's announcement):
    it gets their source groups, so it cannot corroborate them. ``said``: the attributed
    claims' groups (see :func:`attributed`), when ``fps`` are not all of their documents'."""
    if said is None:
        said = attributed(fps)
    for f in fps:
        if f.axis and f.narration:
            echoed = said.get((f.doc_id, f.axis, f.direction))
            if echoed:
                f.groups = frozenset(echoed | f.groups)
