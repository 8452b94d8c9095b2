"""Model objects <-> JSON: the claim record (the JSONL contract of ``schema/claim.schema.json``)
and its inverse, the claim ids the records are keyed on, and mention values as the store keeps
them.

This is the one place that knows these JSON shapes; the writers in :mod:`claimscope.export` and
the store only pass the records on.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import fields
from typing import Any

from .model import (
    LINK_CONFIDENCE,
    Argument,
    Claim,
    Claimant,
    Document,
    EntityRef,
    MentionValue,
    Place,
    PlaceArg,
    Proposition,
    Quantity,
    QuantityArg,
    Stance,
    TimeArg,
    TimeInterval,
)
from .reasons import from_json, render

log = logging.getLogger(__name__)

# ---------------------------------------------------------------- mention values

# Keys written only when set: the stages added them to their dicts only then, and the ledgers
# written before the values were typed hold that shape, so both read the same.
_OPTIONAL = frozenset(
    ("relation", "geonameid", "ne_id", "control", "iso_3166_2", "adjective", "people", "title")
)
# The key that tells each kind of value apart in a stored record (a place mention may hold an
# EntityRef: a country of the profile that the gazetteer did not geocode).
_CLASS_OF_KEY: dict[str, type[MentionValue]] = {
    "place_id": Place,
    "role": EntityRef,
    "precision": TimeInterval,
    "approximate": Quantity,
}


def value_record(value: MentionValue) -> dict[str, Any]:
    """The JSON form of a mention value; keys in field order, spans as lists."""
    rec: dict[str, Any] = {}
    for f in fields(value):
        v = getattr(value, f.name)
        if f.name in _OPTIONAL and (v is None or v is False):
            continue
        rec[f.name] = list(v) if isinstance(v, tuple) else v
    return rec


def value_from_record(rec: dict[str, Any]) -> MentionValue | None:
    """Inverse of :func:`value_record`; None (and a warning) for a record of unknown shape."""
    cls = next((c for key, c in _CLASS_OF_KEY.items() if key in rec), None)
    if cls is not None:
        names = {f.name for f in fields(cls)}
        args: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in rec.items() if k in names
        }
        try:
            return cls(**args)
        except TypeError:
            pass
    log.warning("mention value of unknown shape skipped (keys: %s)", ", ".join(rec) or "none")
    return None


# ---------------------------------------------------------------- claims


def assign_claim_ids(doc: Document) -> None:
    """Give every claim a stable id derived from what it is, not from when it was made.

    The same text analysed by the same pipeline yields the same ids; a collision inside one
    document (two claims with the same key) gets a counter, in document order.
    """
    seen: dict[str, int] = {}
    for claim in sorted(doc.claims, key=lambda c: (c.start, c.end, c.cue_start or -1)):
        key = "|".join(
            str(x)
            for x in (
                doc.id,
                claim.start,
                claim.end,
                claim.cue_start,
                claim.claimant.name,
                claim.mode,
                claim.proposition.event_type,
            )
        )
        n = seen.get(key, 0)
        seen[key] = n + 1
        if n:
            key += f"|{n}"
        claim.id = "c" + hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()
        claim.doc_id, claim.doc_date = doc.id, doc.date
        claim.text = doc.text[claim.start : claim.end]


def _pair(a: int | None, b: int | None) -> list[int] | None:
    return [a, b] if a is not None and b is not None else None


def _argument(arg: Argument | None) -> dict[str, Any] | None:
    if arg is None:
        return None
    return {
        "name": arg.name,
        "entity_id": arg.entity_id,
        "country": arg.country,
        "span": _pair(arg.start, arg.end),
    }


def _place(p: PlaceArg) -> dict[str, Any]:
    return {
        "name": p.name,
        "surface": p.surface,
        "country": p.country,
        "admin1": p.admin1,
        "lat": p.lat,
        "lon": p.lon,
        "span": list(p.span),
    }


def _quantity(q: QuantityArg | None) -> dict[str, Any] | None:
    if q is None:
        return None
    return {
        "value": q.value,
        "low": q.low,
        "high": q.high,
        "unit": q.unit,
        "approximate": q.approximate,
        "surface": q.surface,
        "span": list(q.span),
    }


def _time(t: TimeArg | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {"start": t.start, "end": t.end, "surface": t.surface, "span": list(t.span)}


def _claimant(c: Claimant) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "name": c.name,
        "entity_id": c.entity_id,
        "surface": c.surface or c.name,
        "span": [c.start, c.end] if c.start is not None and c.end is not None else None,
        "country": c.country,
        "link": c.link,
        "confidence": LINK_CONFIDENCE.get(c.link) if c.link else None,
    }
    if c.members:
        rec["members"] = [
            {
                "name": m.name,
                "entity_id": m.entity_id,
                "surface": m.surface or m.name,
                "source_type": m.source_type,
                "country": m.country,
            }
            for m in c.members
        ]
    return rec


def claim_record(claim: Claim, doc: Document | None = None) -> dict[str, Any]:
    """The schema record of one claim (of ``doc``, else of the document the claim names: a
    claim read from the store knows its document's id, date and its own words)."""
    p = claim.proposition
    return {
        "id": claim.id,
        "doc_id": doc.id if doc is not None else claim.doc_id,
        "doc_date": doc.date if doc is not None else claim.doc_date,
        "lang": claim.lang or (doc.lang if doc is not None else None) or "und",
        "text": doc.text[claim.start : claim.end] if doc is not None else claim.text,
        "span": [claim.start, claim.end],
        "claimant": _claimant(claim.claimant),
        "source_type": claim.source_type,
        "cue": claim.cue,
        "cue_span": _pair(claim.cue_start, claim.cue_end),
        "content_span": _pair(claim.content_start, claim.content_end),
        "mode": claim.mode,
        "attributed_by": claim.attributed_by,
        "evidence": claim.evidence,
        "evidence_span": _pair(claim.evidence_start, claim.evidence_end),
        "captured": _time(claim.captured),
        "proposition": {
            "event_type": p.event_type,
            "event_mode": p.event_mode,
            "actor": _argument(p.actor),
            "target": _argument(p.target),
            "places": [_place(x) for x in p.places],
            "quantity": _quantity(p.quantity),
            "time": _time(p.time),
        },
        "modality": claim.modality,
        "stances": [{"toward": s.toward, "relation": s.relation} for s in claim.stances],
        "situation_id": claim.situation_id,
        "status": claim.status,
        "reasons": [render(r) for r in claim.reasons],
        "confidence": claim.confidence,
    }


def _arg_from(d: dict[str, Any] | None) -> Argument | None:
    if not d:
        return None
    span = d.get("span") or [None, None]
    return Argument(d.get("name", ""), d.get("entity_id"), d.get("country"), span[0], span[1])


def _span(d: dict[str, Any]) -> tuple[int, int]:
    a, b = d["span"]
    return a, b


def _place_from(d: dict[str, Any]) -> PlaceArg:
    return PlaceArg(
        d["name"],
        d.get("surface", ""),
        _span(d),
        d.get("country"),
        d.get("admin1"),
        d.get("lat"),
        d.get("lon"),
    )


def _quantity_from(d: dict[str, Any] | None) -> QuantityArg | None:
    if not d:
        return None
    return QuantityArg(
        d["value"],
        d.get("surface", ""),
        _span(d),
        d.get("low"),
        d.get("high"),
        d.get("unit"),
        bool(d.get("approximate")),
    )


def _time_from(d: dict[str, Any] | None) -> TimeArg | None:
    if not d:
        return None
    return TimeArg(d["start"], d.get("end") or d["start"], d.get("surface", ""), _span(d))


def claim_from_record(rec: dict[str, Any]) -> Claim:
    """Inverse of :func:`claim_record`: an equal claim, except the offsets of a joint
    claimant's members, which the record does not keep."""
    c = rec["claimant"]
    span = c.get("span") or [None, None]
    surface = c.get("surface", "")
    claimant = Claimant(
        name=c["name"],
        # A claimant without words in the text (the outlet of a narration) has the surface ""
        # and its name in the record.
        surface="" if span[0] is None and surface == c["name"] else surface,
        start=span[0],
        end=span[1],
        entity_id=c.get("entity_id"),
        country=c.get("country"),
        link=c.get("link"),
        # The claim's source type is its claimant's (claimants.v1 sets both).
        source_type=rec["source_type"],
        members=[
            Claimant(
                name=m["name"],
                surface=m.get("surface", ""),
                entity_id=m.get("entity_id"),
                source_type=m.get("source_type", "unknown"),
                country=m.get("country"),
            )
            for m in c.get("members") or []
        ],
    )
    p = rec["proposition"]
    return Claim(
        start=rec["span"][0],
        end=rec["span"][1],
        claimant=claimant,
        source_type=rec["source_type"],
        mode=rec["mode"],
        proposition=Proposition(
            event_type=p["event_type"],
            event_mode=p.get("event_mode"),
            actor=_arg_from(p.get("actor")),
            target=_arg_from(p.get("target")),
            places=[_place_from(x) for x in p.get("places") or []],
            quantity=_quantity_from(p.get("quantity")),
            time=_time_from(p.get("time")),
        ),
        modality=rec["modality"],
        cue=rec.get("cue"),
        cue_start=(rec.get("cue_span") or [None, None])[0],
        cue_end=(rec.get("cue_span") or [None, None])[1],
        content_start=(rec.get("content_span") or [None, None])[0],
        content_end=(rec.get("content_span") or [None, None])[1],
        evidence=rec.get("evidence"),
        evidence_start=(rec.get("evidence_span") or [None, None])[0],
        evidence_end=(rec.get("evidence_span") or [None, None])[1],
        captured=_time_from(rec.get("captured")),
        attributed_by=rec.get("attributed_by") or "cue",
        lang=rec.get("lang"),
        id=rec["id"],
        stances=[Stance(s["toward"], s["relation"]) for s in rec.get("stances") or []],
        situation_id=rec.get("situation_id"),
        status=rec["status"],
        reasons=[from_json(r) for r in rec.get("reasons") or []],
        confidence=rec.get("confidence"),
        doc_id=rec["doc_id"],
        doc_date=rec.get("doc_date"),
        text=rec["text"],
    )


def claimant_label(c: Claim) -> str:
    """The claimant as the ledger shows it: a linked entity by its name; words linked to no
    entity marked unresolved, with the country they give ("a senior US official (unresolved,
    US)"), never shown as if they were an entity; a speaker the text does not name as such."""
    who = c.claimant
    if who.entity_id or who.members or c.mode == "narration":
        return who.name
    if who.start is None:
        return "(speaker not named)"
    country = f", {who.country}" if who.country else ""
    return f"{who.name} (unresolved{country})"
