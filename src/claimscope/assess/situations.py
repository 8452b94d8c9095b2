"""Situations: claims from any document and language about the same actor, kind of event,
region and time.

A document's claims on one axis (troop posture, attacks, aid, …) form one cluster per actor
(claims that name no actor join the cluster whose region they share). Clusters of different
documents are one situation when they are on the same axis, their time windows overlap (widened
by the policy's tolerance, each window respecting its date's precision) and they are about the
same actor, or about the same region with no actor against it. A cluster that matches several
situations joins them into one. Each claim belongs to at most one situation.
"""

from __future__ import annotations

import hashlib
import heapq
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol


class Placeable(Protocol):
    """What placement reads of a claim: a full Footprint, or a stored model.Placement."""

    @property
    def id(self) -> str: ...
    @property
    def doc_id(self) -> str: ...
    @property
    def pos(self) -> int: ...
    @property
    def axis(self) -> str | None: ...
    @property
    def speculative(self) -> bool: ...
    @property
    def actor(self) -> str | None: ...
    @property
    def own_side(self) -> str | None: ...
    @property
    def area(self) -> frozenset[str]: ...
    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...


@dataclass(slots=True)
class Situation:
    id: str
    axis: str
    actor: str | None
    area: set[str]
    start: date
    end: date
    size: int = 0  # claims in it

    def index_keys(self) -> set[tuple[str, str]]:
        """Index keys: (axis, country) for the actor and every country of the area."""
        return {(self.axis, c) for c in self.area | ({self.actor} if self.actor else set())}


@dataclass(slots=True)
class Cluster:
    axis: str
    actor: str | None
    area: set[str]
    start: date
    end: date
    claims: list[Placeable]


def document_clusters(footprints: Sequence[Placeable], max_span_days: int) -> list[Cluster]:
    """One cluster per (document, axis, actor); actor-less claims join the cluster whose area
    they share most, else the largest one of their document and axis. A party's statement
    that names no actor is about its own side only when the article has no other actor on
    that axis ("Het ministerie zei dat de militairen worden teruggetrokken" beside "Russische
    militairen werden verplaatst"; but Kyiv's "als wij een terugtrekking zien" is about them)."""
    by_doc: dict[tuple[str, str], list[Placeable]] = {}
    for f in footprints:
        if f.axis is not None:
            by_doc.setdefault((f.doc_id, f.axis), []).append(f)
    out = []
    for (_, axis), fps in by_doc.items():
        groups: dict[str | None, list[Placeable]] = {}
        for f in fps:
            if f.actor:
                groups.setdefault(f.actor, []).append(f)
        for f in fps:
            if f.actor:
                continue
            if not groups:
                groups.setdefault(f.own_side, []).append(f)
                continue
            if f.own_side in groups:
                groups[f.own_side].append(f)
                continue
            best = max(groups, key=lambda a: (len(f.area & _area(groups[a])), len(groups[a])))
            groups[best].append(f)
        # A hypothesis names no situation of its own beside the article's facts (Kyiv "would
        # believe in a de-escalation only when it saw a withdrawal").
        solid = [a for a, ms in groups.items() if not all(m.speculative for m in ms)]
        if solid:
            main = max(solid, key=lambda a: len(groups[a]))
            for a in [a for a in groups if a not in solid]:
                groups[main].extend(groups.pop(a))
        for actor, members in groups.items():
            for part in _by_time(members, max_span_days):
                windows = [_window(m, max_span_days) for m in part]
                out.append(
                    Cluster(
                        axis,
                        actor,
                        set(_area(part)),
                        min(w[0] for w in windows),
                        max(w[1] for w in windows),
                        part,
                    )
                )
    return out


def _window(f: Placeable, max_span_days: int) -> tuple[date, date]:
    """A claim's time, its latest ``max_span_days`` when it is longer ("since 2001" in a 2024
    article is about 2024): no claim stretches a situation past its policy's span."""
    if f.start == date.min or f.end == date.max:
        return f.start, f.end
    return max(f.start, _add(f.end, -timedelta(days=max_span_days))), f.end


def _by_time(members: list[Placeable], max_span_days: int) -> list[list[Placeable]]:
    """The members in runs of time no longer than ``max_span_days`` each: an article that
    recalls a 2001 attack beside today's is about two situations, not one of 23 years. Claims
    of unknown time join the last run."""

    def unknown(m: Placeable) -> bool:
        return m.start == date.min or m.end == date.max

    order = sorted(members, key=lambda m: (unknown(m), _window(m, max_span_days), m.pos, m.id))
    parts: list[list[Placeable]] = []
    first = date.min
    for m in order:
        start, end = _window(m, max_span_days)
        if parts and (unknown(m) or (end - first).days <= max_span_days):
            parts[-1].append(m)
            continue
        parts.append([m])
        first = start
    return parts


def _area(fps: list[Placeable]) -> frozenset[str]:
    return frozenset().union(*(f.area for f in fps)) if fps else frozenset()


def _overlaps(a_start: date, a_end: date, b_start: date, b_end: date, days: int) -> bool:
    slack = timedelta(days=days)
    return a_start <= _add(b_end, slack) and b_start <= _add(a_end, slack)


def _add(d: date, delta: timedelta) -> date:
    try:
        return d + delta
    except OverflowError:
        return date.max if delta > timedelta(0) else date.min


def compatible(s: Situation, c: Cluster, tolerance_days: int, max_span_days: int) -> bool:
    if s.axis != c.axis or not _overlaps(s.start, s.end, c.start, c.end, tolerance_days):
        return False
    known = date.min not in (s.start, c.start) and date.max not in (s.end, c.end)
    if known and (max(s.end, c.end) - min(s.start, c.start)).days > max_span_days:
        return False
    if s.actor and c.actor:
        return s.actor == c.actor
    return bool(s.area & c.area)


class SituationIndex:
    """Situations by (axis, country), so that a new cluster is compared with the few that share
    a country with it, not with every situation of the ledger.

    Clusters are placed in order of their start (``place`` refuses one that starts earlier than
    the last): a situation that ends more than the tolerance before the current cluster starts
    can take no later cluster either, so it leaves the index for good and the candidates stay
    few however long the ledger's history."""

    def __init__(self, tolerance_days: int, max_span_days: int) -> None:
        self.by_id: dict[str, Situation] = {}
        self._index: dict[tuple[str, str], set[str]] = {}
        self.tolerance_days = tolerance_days
        self.max_span_days = max_span_days
        self._last_start = date.min

    def _add(self, s: Situation) -> None:
        self.by_id[s.id] = s
        for key in s.index_keys():
            self._index.setdefault(key, set()).add(s.id)

    def remove(self, s: Situation) -> None:
        del self.by_id[s.id]
        self._close(s)

    def _close(self, s: Situation) -> None:
        for key in s.index_keys():
            self._index.get(key, set()).discard(s.id)

    def place(self, cluster: Cluster) -> tuple[Situation, list[str]]:
        """Put the cluster in a situation; returns it and the ids of situations merged into it
        (now gone)."""
        if cluster.start < self._last_start:
            raise ValueError("clusters must be placed in order of their start")
        self._last_start = cluster.start
        countries = set(cluster.area) | ({cluster.actor} if cluster.actor else set())
        keys = {(cluster.axis, c) for c in countries}
        candidates = {i for k in keys for i in self._index.get(k, ())}
        reach = _add(cluster.start, -timedelta(days=self.tolerance_days))
        for i in [i for i in candidates if self.by_id[i].end < reach]:
            self._close(self.by_id[i])
            candidates.discard(i)
        matches = sorted(
            (
                self.by_id[i]
                for i in candidates
                if compatible(self.by_id[i], cluster, self.tolerance_days, self.max_span_days)
            ),
            key=lambda s: (-s.size, s.id),
        )
        ids = [f.id for f in cluster.claims]
        if not matches:
            s = Situation(
                situation_id(ids),
                cluster.axis,
                cluster.actor,
                set(cluster.area),
                cluster.start,
                cluster.end,
                len(ids),
            )
            self._add(s)
            return s, []
        keep = matches[0]
        # Merging two situations through a cluster that fits each may not make one longer
        # than the policy's span.
        start, end = min(keep.start, cluster.start), max(keep.end, cluster.end)
        gone = []
        for other in matches[1:]:
            lo, hi = min(start, other.start), max(end, other.end)
            if lo != date.min and hi != date.max and (hi - lo).days > self.max_span_days:
                continue
            gone.append(other)
            start, end = lo, hi
        self.remove(keep)
        for other in gone:
            self.remove(other)
            keep.size += other.size
            keep.area |= other.area
            keep.start, keep.end = min(keep.start, other.start), max(keep.end, other.end)
            keep.actor = keep.actor or other.actor
        keep.size += len(ids)
        keep.area |= cluster.area
        keep.actor = keep.actor or cluster.actor
        keep.start, keep.end = min(keep.start, cluster.start), max(keep.end, cluster.end)
        self._add(keep)
        return keep, [s.id for s in gone]


# A claim placed: its id and the situation it was in before (None: new, or not known).
Member = tuple[str, str | None]


def place_stream(
    documents: Iterable[tuple[date, Sequence[Placeable]]], tolerance_days: int, max_span_days: int
) -> Iterator[tuple[Situation, list[Member]]]:
    """Place the claims of ``documents``, each given with a date no later than the start of
    any of its claims and in order of that date; yield every situation with its members once
    no later claim can join it. So a ledger is placed reading it once in time order, holding
    only the situations still open and their members' ids, with the same result as placing
    all its clusters sorted by start (their order: start, document, first claim)."""
    index = SituationIndex(tolerance_days, max_span_days)
    members: dict[str, list[Member]] = {}
    ready: list[tuple[date, str, str, Cluster]] = []  # clusters read, by start
    open_until: list[tuple[date, str]] = []  # situations by end (stale entries skipped)

    def place(before: date | None) -> Iterator[tuple[Situation, list[Member]]]:
        while ready and (before is None or ready[0][0] < before):
            cluster = heapq.heappop(ready)[-1]
            s, merged = index.place(cluster)
            ms = members.setdefault(s.id, [])
            for gone in merged:
                ms.extend(members.pop(gone))
            ms.extend((f.id, getattr(f, "situation_id", None)) for f in cluster.claims)
            heapq.heappush(open_until, (s.end, s.id))
            # A situation ending more than the tolerance before this cluster starts can
            # take no later one (they start no earlier): it is final.
            reach = _add(cluster.start, -timedelta(days=tolerance_days))
            while open_until and open_until[0][0] < reach:
                end, sid = heapq.heappop(open_until)
                done = index.by_id.get(sid)
                if done is not None and done.end == end:  # else merged away, or grown since
                    index.remove(done)
                    yield done, members.pop(sid)

    for first, items in documents:
        yield from place(first)  # every cluster still to be read starts at ``first`` or later
        fps = sorted(items, key=lambda f: (f.doc_id, f.pos, f.id))
        for c in document_clusters(fps, max_span_days):
            if c.start < first:
                raise ValueError(f"document {c.claims[0].doc_id} has a claim before {first}")
            heapq.heappush(ready, (c.start, c.claims[0].doc_id, c.claims[0].id, c))
    yield from place(None)
    for sid in sorted(index.by_id):
        yield index.by_id[sid], members.pop(sid)


def situation_id(claim_ids: list[str]) -> str:
    """A situation is named after the claim that opened it: the same input gives the same id."""
    return "s" + hashlib.blake2b(min(claim_ids).encode(), digest_size=8).hexdigest()


def title(s: Situation, label: str, names: dict[str, str]) -> str:
    """ "Russia: troop posture, 2022-02 (Ukraine, Belarus)"."""
    who = names.get(s.actor, s.actor) if s.actor else None
    where = sorted(names.get(c, c) for c in s.area if c != s.actor)
    head = f"{who}: {label}" if who else label.capitalize()
    return f"{head}, {_period(s.start, s.end)}" + (f" ({', '.join(where)})" if where else "")


def _period(start: date, end: date) -> str:
    if start == date.min or end == date.max:
        return "undated"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%Y-%m}"
    if start.year == end.year:
        return f"{start:%Y-%m}..{end:%m}"
    return f"{start:%Y-%m}..{end:%Y-%m}"
