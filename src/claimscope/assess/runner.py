"""Linking and assessment over the ledger: place claims in situations, judge them, store it.

Incremental by default: after ``analyze``, every claim of the ledger is placed again (the new
documents' claims from their records, the stored ones from their small stored placements), and
only the situations whose members changed are judged again. So a corpus analysed in batches
ends in the same situations and statuses as one run over it. A ledger assessed under another
policy, or an explicit ``claimscope assess``, is rebuilt whole.
"""

from __future__ import annotations

import gc
import pickle
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import IO

from ..errors import StaleAssessmentError
from ..model import Assessment, Claim
from ..model import Situation as StoredSituation
from ..profiles import load_profiles
from ..store.base import Store, VerdictRow, verdict_row
from .footprint import Footprint, Said, attributed, echo_attributions, footprint, placement_of
from .policy import Policy
from .situations import Placeable, Situation, place_stream, title
from .verdict import Bench, judge

# Assessments are made from a snapshot and saved only if no other run saved one meanwhile
# (runs sharing a ledger); this many tries before the last error is the caller's.
ATTEMPTS = 5
# Stored documents whose placements are read at once, and claims judged at once (their
# footprints and verdicts are in memory together; ~2 kB per claim).
READ_DOCUMENTS = 500
READ_CLAIMS = 1_000
JUDGE_CLAIMS = 20_000


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
    old = {} if full else {s.id: s.claims for s in store.situations()}
    judging = _Judge(store, policy, profiles)
    try:
        # The new claims as footprints (not the claims themselves); those on no axis are in no
        # situation and judged at once.
        fresh: dict[str, Footprint] = {}
        targets: set[str] = set()  # claims a new claim takes a stance towards
        alone: list[Assessment] = []
        for c in _new_claims(store, doc_ids, full):
            f = footprint(c, policy)
            targets.update(t for t, _ in f.stances)
            if f.axis is not None:
                fresh[f.id] = f
                continue
            v = judge(f, [], [], policy)
            alone.append(Assessment(f.id, v.status, None, v.reasons))
            if len(alone) >= JUDGE_CLAIMS:
                judging.verdicts.add(alone)
                alone = []
        judging.verdicts.add(alone)
        keep = [placement_of(f) for f in fresh.values()]  # before echoes change their groups
        judging.new(fresh)

        # Every claim of the ledger is placed again, the new ones from their footprints and the
        # stored ones from their placements, read in time order: placement is greedy in time
        # order, so a batch that reaches back in time would otherwise end in other situations
        # than one run. Only the situations whose members changed are judged again, with all
        # their claims, a few thousand claims at a time.
        placed: set[str] = set()
        for s, members in place_stream(
            _documents(store, fresh, full), policy.tolerance_days, policy.max_span_days
        ):
            placed.add(s.id)
            ids = sorted(cid for cid, _ in members)
            # New, grown, shrunk or merged; or holding a claim a new claim takes a stance towards.
            if (
                full
                or old.get(s.id) != len(ids)
                or any(was != s.id for _, was in members)
                or not targets.isdisjoint(ids)
            ):
                judging.add(s, ids)
        judging.flush()
        gone = [sid for sid in old if sid not in placed]
        store.save_assessment(
            judging.rows,
            gone,
            judging.verdicts,
            policy.digest,
            full,
            documents=doc_ids or (),
            placements=keep,
            generation=generation,
        )
    finally:
        judging.verdicts.close()
    return AssessReport(full, len(judging.verdicts), len(judging.rows), time.perf_counter() - t0)


def _new_claims(store: Store, doc_ids: list[str] | None, full: bool) -> Iterator[Claim]:
    """The claims to place anew: every claim of the ledger, or those of ``doc_ids``, read a
    few hundred documents at a time."""
    if full:
        yield from store.claims(reasons=False)
        return
    for k in range(0, len(doc_ids or []), READ_DOCUMENTS):
        yield from store.claims_of_documents((doc_ids or [])[k : k + READ_DOCUMENTS], reasons=False)


def _documents(
    store: Store, fresh: dict[str, Footprint], full: bool
) -> Iterator[tuple[date, list[Placeable]]]:
    """The ledger's documents in order of their earliest claim with an axis, each with what
    places its claims: the new ones' footprints, the others' stored placements (none when the
    whole ledger is assessed), read a few hundred documents at a time."""
    new: dict[str, list[Placeable]] = {}
    for f in fresh.values():
        if f.axis is not None:
            new.setdefault(f.doc_id, []).append(f)
    order = [(min(f.start for f in fs), doc) for doc, fs in new.items()]
    if not full:
        order += [(date.fromisoformat(s), d) for d, s in store.placement_starts() if d not in new]
    order.sort()
    for k in range(0, len(order), READ_DOCUMENTS):
        part = order[k : k + READ_DOCUMENTS]
        stored: dict[str, list[Placeable]] = {}
        for p in store.placements([d for _, d in part if d not in new]):
            stored.setdefault(p.doc_id, []).append(p)
        for first, doc in part:
            yield first, new.get(doc) or stored.get(doc, [])


class _Judge:
    """Judges situations a batch at a time: reads the stored claims of their members, their
    stances and echoes, and spills the verdicts to a temporary file, so that memory holds one
    batch however many claims an assessment judges."""

    def __init__(self, store: Store, policy: Policy, profiles: tuple[str, ...] | None) -> None:
        self.store, self.policy = store, policy
        self.fresh: dict[str, Footprint] = {}
        self.fresh_docs: dict[str, list[Footprint]] = {}
        self.names = country_names(profiles)
        self.labels = {a.name: a.label for a in policy.axes}
        self.rows: list[StoredSituation] = []
        self.verdicts = Spill()
        self.batch: list[tuple[Situation, list[str]]] = []
        self.size = 0

    def new(self, fresh: dict[str, Footprint]) -> None:
        """The new claims on an axis, by id: judged from these, not read again."""
        self.fresh = fresh
        for f in fresh.values():
            self.fresh_docs.setdefault(f.doc_id, []).append(f)

    def add(self, s: Situation, ids: list[str]) -> None:
        self.batch.append((s, ids))
        self.size += len(ids)
        if self.size >= JUDGE_CLAIMS:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        store, policy, fresh = self.store, self.policy, self.fresh
        where = {cid: s.id for s, ids in self.batch for cid in ids}
        by_id = {cid: fresh[cid] for cid in where if cid in fresh}
        wanted = [cid for cid in where if cid not in by_id]
        for k in range(0, len(wanted), READ_CLAIMS):  # a whole claim is large: a few at a time
            for c in store.claims_by_id(wanted[k : k + READ_CLAIMS], reasons=False):
                by_id[c.id] = footprint(c, policy)
        judged = list(by_id.values())
        echo_attributions(judged, self._attributed(judged))
        stances = _stances(store, policy, judged, where)
        verdicts: list[Assessment] = []
        for s, ids in self.batch:
            bench = Bench([by_id[cid] for cid in ids], policy)
            for cid in ids:
                v = bench.judge(by_id[cid], stances.get(cid, []))
                verdicts.append(Assessment(cid, v.status, s.id, v.reasons))
            self.rows.append(_row(s, len(ids), self.labels, self.names))
        self.verdicts.add(verdicts)
        self.batch, self.size = [], 0

    def _attributed(self, judged: list[Footprint]) -> Said:
        """What the attributed claims of the documents of the narrations in ``judged`` say
        (see footprint.echo_attributions): from their footprints if new, else as stored."""
        docs = {f.doc_id for f in judged if f.axis and f.narration}
        if not docs:
            return {}
        new = [f for doc in docs for f in self.fresh_docs.get(doc, ())]
        return attributed([*new, *self.store.placements(docs - self.fresh_docs.keys())])


class Spill:
    """Verdicts in order: in memory up to ``JUDGE_CLAIMS`` of them, the others written to a
    temporary file meanwhile, for an assessment may judge a whole ledger's claims, more than
    memory holds."""

    def __init__(self) -> None:
        self._held: list[Assessment] = []
        self._file: IO[bytes] | None = None
        self._count = 0

    def add(self, verdicts: list[Assessment]) -> None:
        self._held += verdicts
        self._count += len(verdicts)
        if len(self._held) > JUDGE_CLAIMS:
            if self._file is None:
                self._file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
            # As the claims table keeps them, made here rather than when they are saved.
            pickle.dump([verdict_row(a) for a in self._held], self._file, pickle.HIGHEST_PROTOCOL)
            self._held = []

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Assessment | VerdictRow]:
        if self._file is not None:
            self._file.flush()
            self._file.seek(0)
            while True:
                try:
                    batch = pickle.load(self._file)
                except EOFError:
                    break
                yield from batch
        yield from self._held

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


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
