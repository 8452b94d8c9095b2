"""Linking and assessment over the ledger: place claims in situations, judge them, store it.

Incremental by default: after ``analyze``, every claim of the ledger is placed again (the new
documents' claims from their records, the stored ones from their small stored placements), and
only the situations whose members changed are judged again. So a corpus analysed in batches
ends in the same situations and statuses as one run over it. A ledger assessed under another
policy, or an explicit ``claimscope assess``, is rebuilt whole.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..errors import StaleAssessmentError
from ..model import Assessment, Claim, Placement
from ..model import Situation as StoredSituation
from ..profiles import load_profiles
from ..store.base import Store
from .footprint import Footprint, attributed, echo_attributions, footprint, placement_of
from .policy import Policy
from .situations import Situation, place_all, title
from .verdict import Bench, judge

# Assessments are made from a snapshot and saved only if no other run saved one meanwhile
# (runs sharing a ledger); this many tries before the last error is the caller's.
ATTEMPTS = 5


@dataclass(slots=True)
class AssessReport:
    full: bool
    claims: int  # claims judged
    situations: int  # situations written
    seconds: float


def country_names(profiles: tuple[str, ...] | None = None) -> dict[str, str]:
    """ISO code -> English name: the conflict profiles' country entities, and for every other
    country the gazetteer's name, so that a title never shows a bare code ("PK")."""
    from ..stages.mentions.lexicon import load_places

    out = {p.country: p.name for p in load_places().values() if p.kind == "country" and p.country}
    ps = load_profiles(profiles)
    out.update(
        (r.entity.country, r.entity.name)
        for r in ps.records.values()
        if r.entity.type == "country" and r.entity.country
    )
    return out


def assess(
    store: Store,
    policy: Policy,
    doc_ids: list[str] | None = None,
    profiles: tuple[str, ...] | None = None,
) -> AssessReport:
    """Assess the claims of ``doc_ids`` and their situations, or the whole ledger (``None``, or
    when the ledger was assessed under another policy)."""
    with _no_cycle_collection():
        for _ in range(ATTEMPTS - 1):
            try:
                return _assess(store, policy, doc_ids, profiles)
            except StaleAssessmentError:
                continue  # another run saved one meanwhile: read the ledger again
        return _assess(store, policy, doc_ids, profiles)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The assessment holds a whole ledger's claims as objects and makes no reference cycles:
    Python's cycle collector would scan that heap again and again while it grows (12 % of the
    time on 20,000 claims, more on larger ledgers) and find nothing; reference counting frees
    it all the same."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _assess(
    store: Store,
    policy: Policy,
    doc_ids: list[str] | None,
    profiles: tuple[str, ...] | None,
) -> AssessReport:
    t0 = time.perf_counter()
    generation = store.meta("generation") or "0"  # read first: a later save makes ours stale
    assessed_under = store.meta("policy")
    if doc_ids is None:
        full = True
    elif assessed_under is None:
        full = not _ledger_is_new(store, doc_ids)
    else:
        full = assessed_under != policy.digest
    stored: list[Placement] = []
    if full:
        claims: list[Claim] = list(store.claims(reasons=False))
    else:
        claims = store.claims_of_documents(doc_ids or [], reasons=False)
        new_docs = set(doc_ids or [])
        stored = [p for p in store.placements() if p.doc_id not in new_docs]
    fresh = [footprint(c, policy) for c in claims]
    keep = [placement_of(f) for f in fresh if f.axis is not None]

    # Every claim of the ledger is placed again, the new ones from their footprints and the
    # stored ones from their placements: placement is greedy in time order, so a batch that
    # reaches back in time would otherwise end in other situations than one run.
    placed = place_all([*stored, *fresh], policy.tolerance_days, policy.max_span_days)
    members: dict[str, list[str]] = {}
    for cid, sid in placed.items():
        members.setdefault(sid, []).append(cid)
    if full:
        touched: set[str] = set(members)
        gone: list[str] = []
    else:
        touched, gone = _changed(store, members, stored, fresh, placed)

    # Only the situations whose members changed are judged again, with all their claims.
    by_id: dict[str, Footprint] = {f.id: f for f in fresh}
    wanted = [cid for sid in touched for cid in members[sid] if cid not in by_id]
    for c in store.claims_by_id(wanted, reasons=False):
        by_id[c.id] = footprint(c, policy)
    judged = [by_id[cid] for sid in sorted(touched) for cid in members[sid]]
    echo_attributions(judged, attributed([*stored, *fresh]))
    stances = _stances(store, policy, judged, placed)

    verdicts: list[Assessment] = []
    for sid in sorted(touched):
        bench = Bench([by_id[cid] for cid in members[sid]], policy)
        for cid in members[sid]:
            v = bench.judge(by_id[cid], stances.get(cid, []))
            verdicts.append(Assessment(cid, v.status, sid, v.reasons))
    for f in fresh:
        if f.id not in placed:
            v = judge(f, [], [], policy)
            verdicts.append(Assessment(f.id, v.status, None, v.reasons))

    names = country_names(profiles)
    labels = {a.name: a.label for a in policy.axes}
    rows = [_row(placed.by_id[sid], len(members[sid]), labels, names) for sid in sorted(touched)]
    store.save_assessment(
        rows,
        gone,
        verdicts,
        policy.digest,
        full,
        documents=doc_ids or (),
        placements=keep,
        generation=generation,
    )
    return AssessReport(full, len(verdicts), len(rows), time.perf_counter() - t0)


def _changed(
    store: Store,
    members: dict[str, list[str]],
    stored: list[Placement],
    fresh: list[Footprint],
    placed: dict[str, str],
) -> tuple[set[str], list[str]]:
    """The situations whose members are not those stored (new, grown, shrunk, merged) or that
    hold a claim a new claim takes a stance towards; and the stored situations now gone."""
    was = {p.id: p.situation_id for p in stored}
    old = {s.id: s.claims for s in store.situations()}
    touched = {
        sid
        for sid, ids in members.items()
        if old.get(sid) != len(ids) or any(was.get(cid) != sid for cid in ids)
    }
    touched |= {placed[t] for f in fresh for t, _ in f.stances if t in placed}
    return touched, [sid for sid in old if sid not in members]


def _row(s: Situation, size: int, labels: dict[str, str], names: dict[str, str]) -> StoredSituation:
    s.size = size
    return StoredSituation(
        id=s.id,
        axis=s.axis,
        title=title(s, labels.get(s.axis, s.axis), names),
        actor=s.actor,
        area=sorted(s.area),
        start=s.start.isoformat(),
        end=s.end.isoformat(),
        claims=size,
    )


def _ledger_is_new(store: Store, doc_ids: list[str]) -> bool:
    """Never assessed: incremental is right only if the ledger's other documents are still to
    be assessed too (pending), as when a run assesses its documents in batches (Ledger.assess);
    otherwise the whole ledger is assessed."""
    wanted = set(doc_ids)
    others = store.stats().get("documents", 0) - len(wanted)
    return others <= 0 or others <= len(set(store.pending_documents()) - wanted)


def _stances(
    store: Store, policy: Policy, judged: list[Footprint], placed: dict[str, str]
) -> dict[str, list[tuple[Footprint, str]]]:
    """Stances towards each judged claim: those pointing at it, and those pointing at a claim
    of the same source group going the same way in the same situation (the declaration and its
    repetitions are doubted together)."""
    by_id = {f.id: f for f in judged}
    rows = store.stances_toward(list(by_id))
    holders = {
        c.id: footprint(c, policy)
        for c in store.claims_by_id({h for h, _, _ in rows}, reasons=False)
    }
    direct: dict[str, list[tuple[Footprint, str]]] = {}
    for holder, toward, relation in sorted(rows):
        if holder in holders:
            direct.setdefault(toward, []).append((holders[holder], relation))
    alike: dict[tuple[str | None, str | None, int, frozenset[str]], list[Footprint]] = {}
    for f in judged:
        alike.setdefault((placed.get(f.id), f.axis, f.direction, f.groups), []).append(f)
    out: dict[str, list[tuple[Footprint, str]]] = {}
    for target, found in sorted(direct.items()):
        t = by_id.get(target)
        if t is None:
            continue
        for f in alike.get((placed.get(t.id), t.axis, t.direction, t.groups), []):
            out.setdefault(f.id, []).extend(found)
    return out


def situation_of(store: Store, prefix: str) -> tuple[StoredSituation, list[Claim]]:
    """A situation and its claims in order of event time, then publication date."""
    s = store.situation(prefix)
    claims = store.claims_of_situations([s.id])
    claims.sort(key=_timeline_key)
    return s, claims


def _timeline_key(c: Claim) -> tuple[str, str, str]:
    t = c.proposition.time or c.captured
    return ((t.start if t else None) or c.doc_date or "", c.doc_date or "", c.id)
