"""The JSON API over the ledger: claims (every filter of ``claimscope claims``, sorting, cursor
pages), one claim with its reasons as items linking other claims, situations with their
timelines, documents with their spans, and facet counts.

A bad parameter is a 422 naming it, an unknown id a 404 (app.py's handlers); the response
models below are what the OpenAPI document promises and the fuzz test holds the API to.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from pydantic import BaseModel

from ..ledger import Ledger
from ..model import Status
from ..records import claim_record
from ..store.base import ClaimFilter
from . import queries

SourceTypeQ = Literal["party", "third_party", "observer", "media", "unknown", "mixed"]
StatusQ = Status
SortQ = Literal[
    "date",
    "-date",
    "event_date",
    "-event_date",
    "claimant",
    "-claimant",
    "status",
    "-status",
    "source_type",
    "-source_type",
    "event_type",
    "-event_type",
]
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500


def ledger_of(request: Request) -> Ledger:
    ledger: Ledger = request.app.state.ledger
    return ledger


LedgerDep = Annotated[Ledger, Depends(ledger_of)]


def claim_filter(
    claimant: Annotated[
        str | None, Query(max_length=200, description="claimant name contains this")
    ] = None,
    source_type: Annotated[SourceTypeQ | None, Query(description="source type")] = None,
    status: Annotated[StatusQ | None, Query(description="assessment status")] = None,
    lang: Annotated[
        str | None, Query(max_length=35, description="language of the claim (ISO 639-1)")
    ] = None,
    event_type: Annotated[
        str | None,
        Query(max_length=20, description="PLOVER event type (ASSAULT, RETREAT …), any case"),
    ] = None,
    situation: Annotated[str | None, Query(max_length=64, description="situation id")] = None,
    since: Annotated[
        str | None, Query(pattern=DATE, description="on or after YYYY[-MM[-DD]]")
    ] = None,
    until: Annotated[
        str | None, Query(pattern=DATE, description="on or before YYYY[-MM[-DD]]")
    ] = None,
    date_by: Annotated[
        Literal["published", "event"],
        Query(description="since/until compare the publication date or the event's time"),
    ] = "published",
    q: Annotated[
        str | None, Query(max_length=500, description="full-text search in text and claimant")
    ] = None,
    sort: Annotated[SortQ, Query(description="order; '-' first reverses it")] = "date",
    cursor: Annotated[
        str | None, Query(max_length=2000, description="next_cursor of the previous page")
    ] = None,
) -> ClaimFilter:
    """The query parameters of a claim listing as a store filter (QueryError: a 422)."""
    return ClaimFilter(
        claimant=claimant or None,
        source_type=source_type,
        status=status,
        lang=lang or None,
        event_type=event_type or None,
        situation_id=situation or None,
        since=since,
        until=until,
        date_by=date_by,
        search=q or None,
        sort=sort,
        cursor=cursor or None,
    )


FilterDep = Annotated[ClaimFilter, Depends(claim_filter)]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="claims per page")]


# ---------------------------------------------------------------------- response models
class Problem(BaseModel):
    detail: str
    parameter: str | None = None


class ClaimPage(BaseModel):
    claims: list[dict[str, Any]]
    next_cursor: str | None
    total: int


class RelatedClaim(BaseModel):
    id: str
    relation: str
    via: Literal["stance", "reason"]
    incoming: bool
    claimant: str
    source_type: str
    status: str
    text: str


class ClaimDetail(BaseModel):
    record: dict[str, Any]
    reasons: list[dict[str, Any]]
    related: list[RelatedClaim]


class SituationItem(BaseModel):
    id: str
    axis: str
    title: str
    actor: str | None
    area: list[str]
    start: str
    end: str
    claims: int


class SituationList(BaseModel):
    situations: list[SituationItem]


class TimelineItem(BaseModel):
    id: str
    when: str
    doc_date: str | None
    side: str
    claimant: str
    source_type: str
    status: str
    event_type: str
    modality: str
    text: str


class SideGroup(BaseModel):
    side: str
    claims: list[str]


class PlaceItem(BaseModel):
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    claims: int


class SituationDetail(BaseModel):
    situation: SituationItem
    timeline: list[TimelineItem]
    sides: list[SideGroup]
    places: list[PlaceItem]


class SpanItem(BaseModel):
    start: int
    end: int
    kind: Literal["claim", "cue", "claimant", "evidence", "mention"]
    type: str
    claim: str | None


class DocumentDetail(BaseModel):
    id: str
    title: str | None
    lang: str | None
    date: str | None
    date_precision: str | None
    source: str | None
    url: str | None
    text: str
    spans: list[SpanItem]
    claims: list[str]


class FacetCount(BaseModel):
    value: str
    count: int


class Facets(BaseModel):
    total: int
    facets: dict[str, list[FacetCount]]


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "no such id"},
    422: {"model": Problem, "description": "a parameter is wrong (named in 'parameter')"},
}
router = APIRouter(prefix="/api", responses={422: ERRORS[422]})
IdPath = Annotated[str, Path(min_length=1, max_length=64, description="id or unique prefix")]


@router.get("/claims", response_model=ClaimPage)
def list_claims(ledger: LedgerDep, flt: FilterDep, limit: Limit = PAGE_SIZE) -> dict[str, Any]:
    """Claims matching every given filter, a page at a time (follow ``next_cursor``)."""
    page, cursor = ledger.store.claims_page(flt, limit)
    return {
        "claims": [claim_record(c) for c in page],
        "next_cursor": cursor,
        "total": ledger.store.count_claims(flt),
    }


@router.get("/claims/{claim_id}", response_model=ClaimDetail, responses={404: ERRORS[404]})
def get_claim(ledger: LedgerDep, claim_id: IdPath) -> dict[str, Any]:
    """The claim's schema record, its reasons as items naming other claims by id, and the
    claims related to it (supports, contradicts, doubts, disagrees on the number)."""
    return queries.claim_detail(ledger, claim_id)


@router.get("/situations", response_model=SituationList)
def list_situations(ledger: LedgerDep) -> dict[str, Any]:
    return {"situations": [queries.situation_item(s) for s in ledger.situations()]}


@router.get(
    "/situations/{situation_id}", response_model=SituationDetail, responses={404: ERRORS[404]}
)
def get_situation(ledger: LedgerDep, situation_id: IdPath) -> dict[str, Any]:
    """A situation's timeline (claims by event time, then publication), its sides and places."""
    return queries.situation_detail(ledger, situation_id)


@router.get("/documents/{doc_id}", response_model=DocumentDetail, responses={404: ERRORS[404]})
def get_document(ledger: LedgerDep, doc_id: IdPath) -> dict[str, Any]:
    """The article's text with every span (character offsets into ``text``)."""
    return queries.document_detail(ledger, doc_id)


@router.get("/facets", response_model=Facets)
def get_facets(ledger: LedgerDep, flt: FilterDep) -> dict[str, Any]:
    """Counts per source type, status, language, event type and claimant (the 20 most
    frequent) among the claims the filters match."""
    return {"total": ledger.store.count_claims(flt), "facets": queries.facets(ledger, flt)}
