"""Placement of a list of claims at once, for tests: situations.place_stream over them, their
documents taken in order of their earliest claim (as the assessment reads a ledger)."""

from __future__ import annotations

from collections.abc import Sequence

from claimscope.assess.situations import Placeable, Situation, place_stream


class Placed(dict[str, str]):
    """Claim id -> situation id, and the situations by id."""

    by_id: dict[str, Situation]


def place_all(items: Sequence[Placeable], tolerance_days: int, max_span_days: int) -> Placed:
    """Every claim with an axis in a situation: the same claims give the same situations
    whatever order they come in."""
    by_doc: dict[str, list[Placeable]] = {}
    for f in items:
        if f.axis is not None:
            by_doc.setdefault(f.doc_id, []).append(f)
    docs = sorted((min(f.start for f in fs), doc) for doc, fs in by_doc.items())
    out = Placed()
    out.by_id = {}
    for s, members in place_stream(
        ((start, by_doc[doc]) for start, doc in docs), tolerance_days, max_span_days
    ):
        out.by_id[s.id] = s
        out.update((cid, s.id) for cid, _ in members)
    return out
