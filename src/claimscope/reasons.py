"""Reasons for a claim's status: as JSON for the store, and as the English sentences of the
CLI and of the JSONL record's ``reasons`` field.

The assessment makes :class:`~claimscope.model.Reason` items (data: kind, the full ids of the
claims involved, weights, the policy rule); a page can link and translate them, and this module
is the one place that words them.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

from .model import Cited, Reason

# Other claims named in one reason; the rest are counted.
MAX_NAMED = 3

_LISTED = {
    "contradicted_by_observation": "contradicted by observation",
    "contradicted_by": "contradicted by",
    "seen_by": "seen by",
    "supported_by": "supported by",
    "own_side_also": "also supported by its own side, which does not corroborate",
    "own_side_only": "supported only by its own side, which does not corroborate",
}
_SINGLE = {"doubted_by": "doubted by", "denied_by": "denied by", "backed_by": "backed by"}
_FIXED = {
    "not_checkable": "not an event that other claims or observations can check",
    "no_other_source": "no other source speaks to it",
}


def describe(c: Cited) -> str:
    """ "Maxar Technologies (observer, satellite_imagery, 2022-02-13..14) [c8fa34db8]"."""
    return f"{c.claimant} ({c.source_type}, {c.evidence or 'narration'}, {_when(c)}) [{c.id[:10]}]"


def _when(c: Cited) -> str:
    if c.time_start:
        s, e = c.time_start, c.time_end or c.time_start
        return s if s == e else f"{s}..{e}"
    return f"published {c.doc_date or 'undated'}"


def _event(c: Cited) -> str:
    return f"{c.event_type} ({c.modality})" if c.modality != "asserted" else c.event_type


def _listing(r: Reason) -> str:
    named = "; ".join(f"{describe(c)} says {_event(c)}" for c in r.claims[:MAX_NAMED])
    more = r.total - min(len(r.claims), MAX_NAMED)
    return named + (f"; and {more} more" if more > 0 else "")


def render(r: Reason) -> str:
    """The reason as one English sentence (the wording of the JSONL record and the CLI)."""
    if r.kind == "summary":
        return (
            f"{r.status}: independent weight for {r.favour:.2f}, against {r.against:.2f} "
            f"(policy {r.policy}: decide at {r.decide:g}, dominance {r.dominance:g})"
        )
    if r.kind in _LISTED:
        return f"{_LISTED[r.kind]}: {_listing(r)}"
    if r.kind in _SINGLE:
        return f"{_SINGLE[r.kind]} {describe(r.claims[0])}"
    if r.kind in _FIXED:
        return _FIXED[r.kind]
    if r.kind == "speculative":
        return f"a {r.modality} claim: nothing to check until it happens"
    if r.kind == "quantity_disagrees":
        return (
            f"disagrees on the number: {r.quantity:g} here, {r.other_quantity:g} by "
            f"{describe(r.claims[0])}"
        )
    return r.text or r.kind


_REASON_FIELDS = tuple(
    f.name for f in dataclasses.fields(Reason) if f.name not in ("kind", "claims")
)
_CITED_FIELDS = tuple(f.name for f in dataclasses.fields(Cited))


def to_json(r: Reason) -> dict[str, Any]:
    """The reason as a JSON object, without the fields its kind does not set. (Written out
    field by field: ``dataclasses.asdict`` deep-copies, and the assessment of a large ledger
    writes hundreds of thousands of these.)"""
    out: dict[str, Any] = {"kind": r.kind}
    if r.claims:
        out["claims"] = [_cited_json(c) for c in r.claims]
    for name in _REASON_FIELDS:
        value = getattr(r, name)
        if value is not None and not (name == "total" and not value):
            out[name] = value
    return out


@functools.lru_cache(maxsize=4096)
def _cited_json(c: Cited) -> dict[str, Any]:
    # Cached: the same few strong claims are cited by every claim of their situation. The dict
    # is shared, so callers only serialise it.
    return {name: v for name in _CITED_FIELDS if (v := getattr(c, name)) is not None}


def from_json(d: dict[str, Any] | str) -> Reason:
    """Inverse of :func:`to_json`; a bare string (a record's rendered reason) becomes a reason
    of kind ``text``."""
    if isinstance(d, str):
        return Reason("text", text=d)
    fields = {k: v for k, v in d.items() if k != "claims"}
    claims = tuple(Cited(**c) for c in d.get("claims") or ())
    return Reason(claims=claims, **fields)
