"""Claim records (the JSONL contract of ``schema/claim.schema.json``) and their writers."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .model import Argument, Claim, Claimant, Document

FORMATS = ("jsonl", "csv", "parquet")

# Flat columns for CSV and Parquet; the full record is kept as JSON in the last column so that
# nothing is lost in a tabular export.
FLAT_COLUMNS = (
    "id", "doc_id", "doc_date", "lang", "claimant", "claimant_entity_id", "source_type", "cue",
    "mode", "evidence", "event_type", "event_mode", "modality", "quantity", "places", "status",
    "situation_id", "text", "start", "end", "record",
)  # fmt: skip


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


def _claimant(c: Claimant, doc: Document) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "name": c.name,
        "entity_id": c.entity_id,
        "surface": c.surface or c.name,
        "span": [c.start, c.end] if c.start is not None and c.end is not None else None,
        "country": c.country,
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


def claim_record(claim: Claim, doc: Document) -> dict[str, Any]:
    """The schema record of one claim of ``doc``."""
    p = claim.proposition
    return {
        "id": claim.id,
        "doc_id": doc.id,
        "doc_date": doc.date,
        "lang": claim.lang or doc.lang or "und",
        "text": doc.text[claim.start : claim.end],
        "span": [claim.start, claim.end],
        "claimant": _claimant(claim.claimant, doc),
        "source_type": claim.source_type,
        "cue": claim.cue,
        "cue_span": _pair(claim.cue_start, claim.cue_end),
        "content_span": _pair(claim.content_start, claim.content_end),
        "mode": claim.mode,
        "attributed_by": claim.attributed_by,
        "evidence": claim.evidence,
        "evidence_span": _pair(claim.evidence_start, claim.evidence_end),
        "captured": claim.captured,
        "proposition": {
            "event_type": p.event_type,
            "event_mode": p.event_mode,
            "actor": _argument(p.actor),
            "target": _argument(p.target),
            "places": list(p.places),
            "quantity": p.quantity,
            "time": p.time,
        },
        "modality": claim.modality,
        "stances": [{"toward": s.toward, "relation": s.relation} for s in claim.stances],
        "situation_id": claim.situation_id,
        "status": claim.status,
        "reasons": list(claim.reasons),
        "confidence": claim.confidence,
    }


def flat_row(rec: dict[str, Any]) -> dict[str, Any]:
    """One CSV/Parquet row of a claim record."""
    prop = rec["proposition"]
    qty = prop.get("quantity") or {}
    return {
        "id": rec["id"],
        "doc_id": rec["doc_id"],
        "doc_date": rec.get("doc_date"),
        "lang": rec["lang"],
        "claimant": rec["claimant"]["name"],
        "claimant_entity_id": rec["claimant"].get("entity_id"),
        "source_type": rec["source_type"],
        "cue": rec.get("cue"),
        "mode": rec["mode"],
        "evidence": rec.get("evidence"),
        "event_type": prop["event_type"],
        "event_mode": prop.get("event_mode"),
        "modality": rec["modality"],
        "quantity": qty.get("value"),
        "places": "; ".join(p["name"] for p in prop.get("places") or []),
        "status": rec["status"],
        "situation_id": rec.get("situation_id"),
        "text": rec["text"],
        "start": rec["span"][0],
        "end": rec["span"][1],
        "record": json.dumps(rec, ensure_ascii=False),
    }


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=FLAT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for rec in records:
        writer.writerow(flat_row(rec))
        n += 1
    return n


def write_parquet(records: Iterable[dict[str, Any]], path: Path, batch_size: int = 10_000) -> int:
    """Stream records into a Parquet file in batches, so memory stays flat on large ledgers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            (
                c,
                pa.int64()
                if c in ("start", "end")
                else pa.float64()
                if c == "quantity"
                else pa.string(),
            )
            for c in FLAT_COLUMNS
        ]
    )
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for batch in _batches((flat_row(r) for r in records), batch_size):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(pa.Table.from_pylist([], schema=schema))
    return n


def _batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def export(records: Iterable[dict[str, Any]], fmt: str, out: Path | IO[str]) -> int:
    """Write ``records`` in ``fmt`` to a path or an open text stream; returns the count."""
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ValueError("parquet needs a file path (--out FILE)")
        return write_parquet(records, out)
    writer = write_jsonl if fmt == "jsonl" else write_csv
    if isinstance(out, Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return writer(records, fh)
    return writer(records, out)


def records_to_string(records: Iterable[dict[str, Any]], fmt: str) -> str:
    buf = io.StringIO()
    export(records, fmt, buf)
    return buf.getvalue()


def _arg_from(d: dict[str, Any] | None) -> Argument | None:
    if not d:
        return None
    span = d.get("span") or [None, None]
    return Argument(d.get("name", ""), d.get("entity_id"), d.get("country"), span[0], span[1])


def claim_from_record(rec: dict[str, Any]) -> Claim:
    """Inverse of :func:`claim_record`."""
    from .model import Proposition, Stance

    c = rec["claimant"]
    span = c.get("span") or [None, None]
    claimant = Claimant(
        name=c["name"],
        surface=c.get("surface", ""),
        start=span[0],
        end=span[1],
        entity_id=c.get("entity_id"),
        country=c.get("country"),
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
            places=list(p.get("places") or []),
            quantity=p.get("quantity"),
            time=p.get("time"),
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
        captured=rec.get("captured"),
        attributed_by=rec.get("attributed_by") or "cue",
        lang=rec.get("lang"),
        id=rec["id"],
        stances=[Stance(s["toward"], s["relation"]) for s in rec.get("stances") or []],
        situation_id=rec.get("situation_id"),
        status=rec["status"],
        reasons=list(rec.get("reasons") or []),
        confidence=rec.get("confidence"),
    )
