"""How a document is written as SQL rows, and a claim read back from one: the pipeline's
record plus the assessment's columns (shared by the SQLite and PostgreSQL stores)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..model import Claim, Document, Mention, Sentence
from ..reasons import from_json, to_json
from ..records import claim_from_record, claim_record, value_from_record, value_record

# The columns a claim is read from: the pipeline's record, and the assessment's columns.
CLAIM_COLUMNS = "c.record, c.status, c.situation_id, c.reasons"
# The columns a document and its mentions are read from (document_of_row, mention_of_row).
DOCUMENT_COLUMNS = (
    "id, text, lang, date, date_precision, title, source, url, origin, sentences, pipeline_version"
)
MENTION_COLUMNS = 'start, "end", kind, text, value, entity_id, source'


def document_of_row(row: tuple[Any, ...]) -> Document:
    """A stored document without its mentions and claims, from DOCUMENT_COLUMNS."""
    return Document(
        id=row[0],
        text=row[1],
        lang=row[2],
        date=row[3],
        date_precision=row[4],
        title=row[5],
        source=row[6],
        url=row[7],
        origin=row[8],
        sentences=[Sentence(s, e, lang) for s, e, lang in json.loads(row[9])],
        pipeline_version=row[10],
    )


def mention_of_row(row: tuple[Any, ...]) -> Mention:
    """A stored mention, from MENTION_COLUMNS."""
    start, end, kind, text, value, entity_id, source = row
    parsed = None if value is None else value_from_record(json.loads(value))
    return Mention(start, end, kind, text, parsed, entity_id, source or "")


def claim_of_row(row: tuple[str, str, str | None, str], reasons: bool = True) -> Claim:
    """A claim from its stored record and its assessment columns; ``reasons=False`` leaves its
    reasons out (empty), for a reader that judges it again and would only throw them away."""
    record, status, situation_id, stored = row
    claim = claim_from_record(json.loads(record))
    claim.status, claim.situation_id = status, situation_id
    if reasons:
        claim.reasons = [from_json(r) for r in json.loads(stored)]
    return claim


@dataclass(frozen=True, slots=True)
class DocumentRows:
    """A document and its results as the rows of an SQL ledger's tables (both stores write
    these, in their own SQL): the document, its mentions in order, its claims with their
    place in the document, and their stances."""

    document: tuple[Any, ...]
    mentions: list[tuple[Any, ...]]
    claims: list[tuple[Any, ...]]
    stances: list[tuple[Any, ...]]


def document_rows(doc: Document, problem: str | None, analyzed_at: str) -> DocumentRows:
    """The rows of ``doc`` (columns in the order of the tables of migration 1 onwards)."""
    document = (
        doc.id,
        doc.text,
        doc.lang,
        doc.date,
        doc.date_precision,
        doc.title,
        doc.source,
        doc.url,
        doc.origin,
        json.dumps([[s.start, s.end, s.lang] for s in doc.sentences]),
        doc.pipeline_version,
        analyzed_at,
        problem,
    )
    mentions = [
        (
            doc.id,
            m.start,
            m.end,
            m.kind,
            m.text,
            None if m.value is None else json.dumps(value_record(m.value), ensure_ascii=False),
            m.entity_id,
            m.source,
        )
        for m in doc.mentions
    ]
    claims: list[tuple[Any, ...]] = []
    for seq, claim in enumerate(doc.claims):
        rec = claim_record(claim, doc)
        claims.append(
            (
                claim.id,
                doc.id,
                seq,
                claim.start,
                claim.end,
                rec["lang"],
                doc.date,
                claim.claimant.name,
                claim.claimant.entity_id,
                claim.source_type,
                claim.mode,
                claim.proposition.event_type,
                claim.modality,
                claim.status,
                claim.situation_id,
                rec["text"],
                json.dumps(rec, ensure_ascii=False),
                json.dumps([to_json(r) for r in claim.reasons], ensure_ascii=False),
            )
        )
    stances = [(c.id, st.toward, st.relation) for c in doc.claims for st in c.stances]
    return DocumentRows(document, mentions, claims, stances)
