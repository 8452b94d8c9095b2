"""Linking and assessment over the ledger: place claims in situations, judge them, store it.

Incremental by default: after ``analyze``, every claim of the ledger is placed again and only
the situations whose members changed are judged again, so a corpus analysed in batches ends in
the same situations and statuses as one run over it. A ledger assessed under another policy, or
an explicit ``claimscope assess``, is rebuilt whole.

In two steps, so that memory holds neither the ledger nor the run's new claims:

1. the new documents' claims are read a few hundred documents at a time and what places each
   (its footprint under the policy: model.Placement) is stored beside it; a claim on no axis
   is judged at once (it is in no situation);
2. the ledger's placements are read once in time order and placed (situations.place_stream);
   each situation comes out as soon as no later claim can join it, and one whose members
   changed is judged with all its claims, 20,000 claims at a time; the verdicts wait in a
   temporary file and are saved, with the situations, in one transaction.

The documents stay pending until that transaction: a run stopped between the steps leaves
placements that the next run's first step writes again.
"""

from __future__ import annotations

import gc
import itertools
import pickle
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import IO

from ..errors import StaleAssessmentError
from ..model import Assessment, Claim, Placement
from ..model import Situation as StoredSituation
from ..profiles import load_profiles
from ..store.base import Store, VerdictRow, verdict_row
from .footprint import Footprint, attributed, echo_attributions, footprint, placement_of
from .policy import Policy
from .situations import Situation, place_stream, title
from .verdict import Bench, judge

# Assessments are made from a snapshot and saved only if no other run saved one meanwhile
# (runs sharing a ledger); this many tries before the last error is the caller's.
ATTEMPTS = 5
# Documents read at once, whole claims read at once, and claims judged at once (their
# footprints and verdicts are in memory together, ~2 kB per claim; more wait on disk).
READ_DOCUMENTS = 500
READ_CLAIMS = 1_000
JUDGE_CLAIMS = 20_000

# progress(step, done, total): "placing" the new documents, then "judging" while the ledger's
# documents are read in time order.
AssessProgress = Callable[[str, int, int], None]


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
    progress: AssessProgress | None = None,
) -> AssessReport:
    """Assess the claims of ``doc_ids`` and their situations, or the whole ledger (``None``, or
    when the ledger was assessed under another policy)."""
    t0 = time.perf_counter()
    tell = progress or (lambda step, done, total: None)
    with _no_cycle_collection():
        full = _is_full(store, policy, doc_ids)
        new = _place_new(store, policy, doc_ids, full, tell)
        try:
            for attempt in range(ATTEMPTS):
                try:
                    n, rows = _judge_ledger(store, policy, new, full, doc_ids, profiles, tell)
                    break
                except StaleAssessmentError:
                    if attempt == ATTEMPTS - 1:
                        raise
                    # another run saved one meanwhile: read the ledger again
        finally:
            new.alone.close()
    return AssessReport(full, n, rows, time.perf_counter() - t0)


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """The assessment makes objects by the hundred thousand and no reference cycles: Python's
    cycle collector would scan them again and again while they pile up (12 % of the time on
    20,000 claims held at once) and find nothing; reference counting frees them all the
    same."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _is_full(store: Store, policy: Policy, doc_ids: list[str] | None) -> bool:
    """Whether the whole ledger is to be assessed: asked for, never assessed (unless its other
    documents are pending too), or assessed under another policy."""
    if doc_ids is None:
        return True
    assessed_under = store.meta("policy")
    if assessed_under is None:
        return not _ledger_is_new(store, doc_ids)
    return assessed_under != policy.digest


@dataclass(slots=True)
class _New:
    """What the first step leaves for the second: the claims the new claims take a stance
    towards (their situations are judged again), and the verdicts on new claims on no axis."""

    targets: set[str]
    alone: Spill


def _place_new(
    store: Store,
    policy: Policy,
    doc_ids: list[str] | None,
    full: bool,
    tell: AssessProgress,
) -> _New:
    """Store what places each new claim, a few hundred documents at a time (every document's
    when ``full``); judge those on no axis."""
    docs = [d.id for d in store.documents()] if full else list(doc_ids or [])
    new = _New(set(), Spill())
    tell("placing", 0, len(docs))
    for k in range(0, len(docs), READ_DOCUMENTS):
        part = docs[k : k + READ_DOCUMENTS]
        placements: list[Placement] = []
        alone: list[Assessment] = []
        for c in store.claims_of_documents(part, reasons=False):
            f = footprint(c, policy)
            new.targets.update(t for t, _ in f.stances)
            if f.axis is not None:
                placements.append(placement_of(f))
                continue
            v = judge(f, [], [], policy)
            alone.append(Assessment(f.id, v.status, None, v.reasons))
        store.save_placements(part, placements)
        new.alone.add(alone)
        tell("placing", k + len(part), len(docs))
    return new


def _judge_ledger(
    store: Store,
    policy: Policy,
    new: _New,
    full: bool,
    doc_ids: list[str] | None,
    profiles: tuple[str, ...] | None,
    tell: AssessProgress,
) -> tuple[int, int]:
    """Place the whole ledger from its stored placements and judge the situations whose
    members changed; save it all. The claims judged and the situations written."""
    generation = store.meta("generation") or "0"  # read first: a later save makes ours stale
    old = {} if full else {s.id: s.claims for s in store.situations()}
    judging = _Judge(store, policy, profiles)
    try:
        # Placement is greedy in time order: a batch that reaches back in time would
        # otherwise end in other situations than one run.
        placed: set[str] = set()
        for s, members in place_stream(
            _documents(store, tell), policy.tolerance_days, policy.max_span_days
        ):
            placed.add(s.id)
            ids = sorted(cid for cid, _ in members)
            # New, grown, shrunk or merged; or holding a claim a new claim takes a stance towards.
            if (
                full
                or old.get(s.id) != len(ids)
                or any(was != s.id for _, was in members)
                or not new.targets.isdisjoint(ids)
            ):
                judging.add(s, ids)
        judging.flush()
        store.save_assessment(
            judging.rows,
            [sid for sid in old if sid not in placed],
            itertools.chain(new.alone, judging.verdicts),
            policy.digest,
            full,
            documents=doc_ids or (),
            generation=generation,
        )
        return len(new.alone) + len(judging.verdicts), len(judging.rows)
    finally:
        judging.verdicts.close()


def _documents(store: Store, tell: AssessProgress) -> Iterator[tuple[date, list[Placement]]]:
    """The ledger's placed documents in order of their earliest placement, each with its
    placements, read a few hundred documents at a time."""
    order = sorted((date.fromisoformat(start), doc) for doc, start in store.placement_starts())
    tell("judging", 0, len(order))
    for k in range(0, len(order), READ_DOCUMENTS):
        part = order[k : k + READ_DOCUMENTS]
        stored: dict[str, list[Placement]] = {}
        for p in store.placements([d for _, d in part]):
            stored.setdefault(p.doc_id, []).append(p)
        for first, doc in part:
            yield first, stored.get(doc, [])
        tell("judging", k + len(part), len(order))


class _Judge:
    """Judges situations a batch at a time: reads the stored claims of their members, their
    stances and echoes, and spills the verdicts to a temporary file, so that memory holds one
    batch however many claims an assessment judges."""

    def __init__(self, store: Store, policy: Policy, profiles: tuple[str, ...] | None) -> None:
        self.store, self.policy = store, policy
        self.names = country_names(profiles)
        self.labels = {a.name: a.label for a in policy.axes}
        self.rows: list[StoredSituation] = []
        self.verdicts = Spill()
        self.batch: list[tuple[Situation, list[str]]] = []
        self.size = 0

    def add(self, s: Situation, ids: list[str]) -> None:
        self.batch.append((s, ids))
        self.size += len(ids)
        if self.size >= JUDGE_CLAIMS:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        store, policy = self.store, self.policy
        where = {cid: s.id for s, ids in self.batch for cid in ids}
        by_id: dict[str, Footprint] = {}
        wanted = list(where)
        for k in range(0, len(wanted), READ_CLAIMS):  # a whole claim is large: a few at a time
            for c in store.claims_by_id(wanted[k : k + READ_CLAIMS], reasons=False):
                by_id[c.id] = footprint(c, policy)
        judged = list(by_id.values())
        # What the attributed claims of the narrations' documents say, as stored.
        docs = {f.doc_id for f in judged if f.axis and f.narration}
        echo_attributions(judged, attributed(store.placements(docs)) if docs else {})
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
    be assessed too (pending: stored by runs that have not assessed them yet); otherwise the
    whole ledger is assessed."""
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
