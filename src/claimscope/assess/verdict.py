"""The status of each claim of a situation, with reasons a person can check.

For a claim, every other claim of its situation either goes the same way on the axis (supports)
or the other way (contradicts: a declared withdrawal of X against an observed build-up of X);
two claims that agree on the event but not on its number disagree on the quantity, which is
not a contradiction. Stances (doubts, denies, supports) count towards the claim they point at and
towards the claims of the same source that go the same way. Only independent sources weigh: the
claims of the claim's own source group (for a party, its whole side) support it without
corroborating it, and a group counts once, with its strongest claim. Speculative claims (could,
will, if, unknown) are evidence of nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .footprint import Footprint
from .policy import Policy

# Other claims named in one reason; the rest are counted.
MAX_NAMED = 3
# Quantities further apart than this share disagree ("100,000 vs 130,000 troops").
QUANTITY_TOLERANCE = 0.1


@dataclass(slots=True)
class Verdict:
    status: str
    reasons: list[str] = field(default_factory=list)


def describe(f: Footprint) -> str:
    """ "Maxar Technologies (observer, satellite_imagery, 2022-02-13..14) [c8fa34db8]"."""
    rec = f.record
    name = (rec.get("claimant") or {}).get("name") or "?"
    evidence = rec.get("evidence") or "narration"
    return f"{name} ({rec.get('source_type')}, {evidence}, {_when(f)}) [{f.id[:10]}]"


def _when(f: Footprint) -> str:
    rec = f.record
    t = (rec.get("proposition") or {}).get("time") or rec.get("captured")
    if t and t.get("start"):
        s, e = t["start"], t.get("end") or t["start"]
        return s if s == e else f"{s}..{e}"
    return f"published {rec.get('doc_date') or 'undated'}"


def _event(f: Footprint) -> str:
    rec = f.record
    event = (rec.get("proposition") or {}).get("event_type", "?")
    return f"{event} ({rec.get('modality')})" if rec.get("modality") != "asserted" else event


def _strongest(fps: list[Footprint]) -> float:
    """Each source group once, with its strongest claim."""
    best: dict[frozenset[str], float] = {}
    for f in fps:
        best[f.groups] = max(best.get(f.groups, 0.0), f.weight)
    return sum(best.values())


def _listing(fps: list[Footprint]) -> str:
    fps = sorted(fps, key=lambda f: -f.weight)
    named = "; ".join(f"{describe(f)} says {_event(f)}" for f in fps[:MAX_NAMED])
    more = len(fps) - MAX_NAMED
    return named + (f"; and {more} more" if more > 0 else "")


def judge(
    claim: Footprint,
    others: list[Footprint],
    stances: list[tuple[Footprint, str]],
    policy: Policy,
) -> Verdict:
    """The verdict on ``claim`` given the other claims of its situation and the stances (holder,
    relation) that point at it or at its source's claims going its way."""
    if claim.axis is None:
        return Verdict("unverified", ["not an event that other claims or observations can check"])
    own, support, against, quantity = [], [], [], []
    for x in others:
        if x.speculative or x.direction == 0:
            continue
        if x.groups & claim.groups:
            if x.direction == claim.direction:
                own.append(x)
            continue
        if x.direction == claim.direction:
            support.append(x)
            if _disagree(claim.quantity, x.quantity):
                quantity.append(x)
        else:
            against.append(x)
    doubters = [
        (h, r) for h, r in stances if r in ("doubts", "denies") and not h.groups & claim.groups
    ]
    backers = [(h, r) for h, r in stances if r == "supports" and not h.groups & claim.groups]
    favour = _strongest(support) + sum(h.weight * policy.stance_weights[r] for h, r in backers)
    opposed = _strongest(against) + sum(h.weight * policy.stance_weights[r] for h, r in doubters)

    reasons = []
    observed = [x for x in against if x.observation]
    if observed:
        reasons.append(f"contradicted by observation: {_listing(observed)}")
    said = [x for x in against if not x.observation]
    if said:
        reasons.append(f"contradicted by: {_listing(said)}")
    for h, r in doubters:
        verb = "doubted" if r == "doubts" else "denied"
        reasons.append(f"{verb} by {describe(h)}")
    if support:
        seen = [x for x in support if x.observation]
        kind = "seen by" if seen and len(seen) == len(support) else "supported by"
        reasons.append(f"{kind}: {_listing(support)}")
    for h, _ in backers:
        reasons.append(f"backed by {describe(h)}")
    if own:
        lead = "supported only by its own side" if not support else "also supported by its own side"
        reasons.append(f"{lead}, which does not corroborate: {_listing(own)}")
    for x in quantity:
        reasons.append(
            f"disagrees on the number: {claim.quantity:g} here, {x.quantity:g} by {describe(x)}"
        )

    if claim.speculative:
        status = "unverified"
        reasons.insert(
            0, f"a {claim.record.get('modality')} claim: nothing to check until it happens"
        )
    elif favour >= policy.decide and favour >= policy.dominance * opposed:
        status = "corroborated"
    elif opposed >= policy.decide and opposed >= policy.dominance * favour:
        status = "contradicted"
    elif max(favour, opposed) >= policy.decide or (favour > 0 and opposed > 0):
        status = "contested"
    else:
        status = "unverified"
        if not reasons:
            reasons.append("no other source speaks to it")
    summary = (
        f"{status}: independent weight for {favour:.2f}, against {opposed:.2f} "
        f"(policy {policy.name}: decide at {policy.decide:g}, dominance {policy.dominance:g})"
    )
    return Verdict(status, [summary, *reasons])


def _disagree(a: float | None, b: float | None) -> bool:
    if a is None or b is None or max(abs(a), abs(b)) == 0:
        return False
    return abs(a - b) / max(abs(a), abs(b)) > QUANTITY_TOLERANCE
