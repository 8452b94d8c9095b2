"""What the API and the pages read from the ledger, as plain data: a claim with its reasons as
items that link other claims, the claims related to it, a situation's timeline and sides, a
document's spans, and the exports of a listing. Both api.py and pages.py call these; nothing
here knows HTTP."""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import QueryError
from ..export import export as export_records
from ..export import write_parquet
from ..ledger import Ledger
from ..model import Claim, Document, Reason, Situation
from ..reasons import render, to_json
from ..records import claim_record, claimant_label
from ..store.base import ClaimFilter

# What a reason's kind says about the claims it names (the relation a claim page shows).
RELATION_OF_REASON = {
    "contradicted_by_observation": "contradicts",
    "contradicted_by": "contradicts",
    "denied_by": "contradicts",
    "doubted_by": "doubts",
    "seen_by": "supports",
    "supported_by": "supports",
    "backed_by": "supports",
    "own_side_also": "supports",
    "own_side_only": "supports",
    "quantity_disagrees": "disagrees on the number",
}
# A stance as the claim page words it, seen from the claim that holds it.
RELATION_OF_STANCE = {
    "supports": "supports",
    "doubts": "doubts",
    "denies": "contradicts",
    "contradicts": "contradicts",
}
EXPORT_FORMATS = ("jsonl", "csv", "parquet", "geojson")
MEDIA_TYPES = {
    "jsonl": "application/x-ndjson",
    "csv": "text/csv; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
    "geojson": "application/geo+json",
}
# An export of the web is bounded: a larger one is the CLI's job (`claimscope export`).
EXPORT_LIMIT = 200_000


def reason_item(r: Reason) -> dict[str, Any]:
    """A reason as data: its kind, its sentence, and the claims it names with their ids."""
    item = to_json(r)
    item["text"] = render(r)
    item["relation"] = RELATION_OF_REASON.get(r.kind)
    item["claims"] = [dict(c) for c in item.get("claims", [])]
    return item


@dataclass(slots=True)
class Related:
    """Another claim and how it stands to this one."""

    relation: str
    claim: Claim
    via: str  # "stance" (said in the text) or "reason" (the assessment weighed it)
    incoming: bool = False  # the other claim holds the stance towards this one


def related_claims(ledger: Ledger, claim: Claim) -> list[Related]:
    """The claims this one holds a stance to, those holding one to it, and those its reasons
    weigh, each once (the first relation found), in that order."""
    wanted: list[tuple[str, str, str, bool]] = []  # (id, relation, via, incoming)
    for st in claim.stances:
        wanted.append(
            (st.toward, RELATION_OF_STANCE.get(st.relation, st.relation), "stance", False)
        )
    for holder, _, relation in ledger.store.stances_toward([claim.id]):
        wanted.append((holder, RELATION_OF_STANCE.get(relation, relation), "stance", True))
    for r in claim.reasons:
        rel = RELATION_OF_REASON.get(r.kind)
        if rel:
            wanted.extend((c.id, rel, "reason", False) for c in r.claims)
    found = {c.id: c for c in ledger.store.claims_by_id({w[0] for w in wanted} - {claim.id})}
    out: list[Related] = []
    seen: set[str] = set()
    for cid, rel, via, incoming in wanted:
        if cid in found and cid not in seen:
            seen.add(cid)
            out.append(Related(rel, found[cid], via, incoming))
    return out


def claim_detail(ledger: Ledger, claim_id: str) -> dict[str, Any]:
    """``/api/claims/{id}``: the schema record, its reasons as structured items, the claims
    related to it."""
    claim = ledger.claim(claim_id)
    return {
        "record": claim_record(claim),
        "reasons": [reason_item(r) for r in claim.reasons],
        "related": [
            {
                "id": r.claim.id,
                "relation": r.relation,
                "via": r.via,
                "incoming": r.incoming,
                "claimant": claimant_label(r.claim),
                "source_type": r.claim.source_type,
                "status": r.claim.status,
                "text": r.claim.text,
            }
            for r in related_claims(ledger, claim)
        ],
    }


# ---------------------------------------------------------------------- situations
def situation_item(s: Situation) -> dict[str, Any]:
    return {
        "id": s.id,
        "axis": s.axis,
        "title": s.title,
        "actor": s.actor,
        "area": list(s.area),
        "start": s.start,
        "end": s.end,
        "claims": s.claims,
    }


def when(c: Claim) -> str:
    """When the claim says its event is (or what was observed was captured), else published."""
    t = c.proposition.time or c.captured
    return (t.start if t else None) or c.doc_date or ""


def sides(claims: list[Claim]) -> dict[str, str]:
    """Each claim's side in a situation: the party whose claimants speak most is party A, the
    next party B (the claimant's country tells them apart); then third parties, observers,
    media, and other (unknown or mixed sources)."""
    countries = Counter(
        c.claimant.country for c in claims if c.source_type == "party" and c.claimant.country
    )
    order = [country for country, _ in countries.most_common()]
    out = {}
    for c in claims:
        if c.source_type == "party":
            country = c.claimant.country
            if country in order[:2]:
                out[c.id] = f"party {'AB'[order.index(country)]} ({country})"
            else:
                out[c.id] = f"party ({country})" if country else "party (side not known)"
        else:
            out[c.id] = {
                "third_party": "third parties",
                "observer": "observers",
                "media": "media",
            }.get(c.source_type, "other sources")
    return out


SIDE_ORDER = ("party A", "party B", "party (", "third parties", "observers", "media", "other")


def _side_rank(label: str) -> int:
    return next((i for i, p in enumerate(SIDE_ORDER) if label.startswith(p)), len(SIDE_ORDER))


def places_of(claims: Iterable[Claim]) -> list[dict[str, Any]]:
    """The places the claims name, once each by name and country, with how many claims name
    them (those with coordinates can go on a map)."""
    found: dict[tuple[str, str | None], dict[str, Any]] = {}
    for c in claims:
        for p in c.proposition.places:
            key = (p.name, p.country)
            if key not in found:
                found[key] = {
                    "name": p.name,
                    "country": p.country,
                    "lat": p.lat,
                    "lon": p.lon,
                    "claims": 0,
                }
            found[key]["claims"] += 1
    return sorted(found.values(), key=lambda p: (-p["claims"], p["name"]))


@dataclass(slots=True)
class SituationView:
    situation: Situation
    timeline: list[Claim]  # in order of event time, then publication
    side: dict[str, str]  # claim id -> side label
    groups: list[tuple[str, list[Claim]]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)


def situation_view(ledger: Ledger, situation_id: str) -> SituationView:
    s, claims = ledger.situation(situation_id)
    side = sides(claims)
    groups: dict[str, list[Claim]] = {}
    for c in claims:
        groups.setdefault(side[c.id], []).append(c)
    ordered = sorted(groups.items(), key=lambda kv: (_side_rank(kv[0]), kv[0]))
    return SituationView(s, claims, side, ordered, places_of(claims))


def timeline_item(c: Claim, side: str) -> dict[str, Any]:
    return {
        "id": c.id,
        "when": when(c),
        "doc_date": c.doc_date,
        "side": side,
        "claimant": claimant_label(c),
        "source_type": c.source_type,
        "status": c.status,
        "event_type": c.proposition.event_type,
        "modality": c.modality,
        "text": c.text,
    }


def situation_detail(ledger: Ledger, situation_id: str) -> dict[str, Any]:
    view = situation_view(ledger, situation_id)
    return {
        "situation": situation_item(view.situation),
        "timeline": [timeline_item(c, view.side[c.id]) for c in view.timeline],
        "sides": [{"side": label, "claims": [c.id for c in cs]} for label, cs in view.groups],
        "places": view.places,
    }


# ---------------------------------------------------------------------- documents
def document_spans(doc: Document) -> list[dict[str, Any]]:
    """Every span a document page colours: claims (their content), cues, claimants, evidence
    and mentions, each with the claim it belongs to."""
    spans: list[dict[str, Any]] = [
        {"start": m.start, "end": m.end, "kind": "mention", "type": m.kind, "claim": None}
        for m in doc.mentions
    ]
    for c in doc.claims:
        cs, ce = (
            (c.content_start, c.content_end)
            if c.content_start is not None and c.content_end is not None
            else (c.start, c.end)
        )
        spans.append({"start": cs, "end": ce, "kind": "claim", "type": c.mode, "claim": c.id})
        for kind, a, b in (
            ("cue", c.cue_start, c.cue_end),
            ("claimant", c.claimant.start, c.claimant.end),
            ("evidence", c.evidence_start, c.evidence_end),
        ):
            if a is not None and b is not None:
                spans.append({"start": a, "end": b, "kind": kind, "type": kind, "claim": c.id})
    return sorted(spans, key=lambda s: (s["start"], -s["end"]))


def document_detail(ledger: Ledger, doc_id: str) -> dict[str, Any]:
    doc = ledger.document(doc_id)
    return {
        "id": doc.id,
        "title": doc.title,
        "lang": doc.lang,
        "date": doc.date,
        "date_precision": doc.date_precision,
        "source": doc.source,
        "url": doc.url,
        "text": doc.text,
        "spans": document_spans(doc),
        "claims": [c.id for c in doc.claims],
    }


# ---------------------------------------------------------------------- exports
def facets(ledger: Ledger, flt: ClaimFilter) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [{"value": v, "count": n} for v, n in rows]
        for name, rows in ledger.store.facets(flt).items()
    }


def geojson_features(claims: Iterable[Claim]) -> Iterator[dict[str, Any]]:
    """One point per place with coordinates per claim."""
    for c in claims:
        for p in c.proposition.places:
            if p.lat is None or p.lon is None:
                continue
            yield {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                "properties": {
                    "claim": c.id,
                    "place": p.name,
                    "country": p.country,
                    "claimant": claimant_label(c),
                    "source_type": c.source_type,
                    "status": c.status,
                    "event_type": c.proposition.event_type,
                    "modality": c.modality,
                    "doc_date": c.doc_date,
                    "text": c.text,
                },
            }


def export_view(ledger: Ledger, flt: ClaimFilter, fmt: str) -> bytes:
    """The claims of a listing (no cursor: all of them, up to EXPORT_LIMIT) in ``fmt``."""
    if fmt not in EXPORT_FORMATS:
        raise QueryError(f"format {fmt!r}: not known; give one of {', '.join(EXPORT_FORMATS)}")
    flt.cursor, flt.limit = None, EXPORT_LIMIT
    claims = ledger.store.claims(flt)
    if fmt == "geojson":
        collection = {"type": "FeatureCollection", "features": list(geojson_features(claims))}
        return json.dumps(collection, ensure_ascii=False).encode("utf-8")
    records = (claim_record(c) for c in claims)
    if fmt == "parquet":
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "claims.parquet"
            write_parquet(records, path)
            return path.read_bytes()
    import io

    buf = io.StringIO()
    export_records(records, fmt, buf)
    return buf.getvalue().encode("utf-8")
