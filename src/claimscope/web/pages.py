"""The pages, rendered on the server: the ledger (table, facets, search, exports), a claim, a
situation, a document, the API docs, and (``serve --allow-writes`` only) the form that analyses
a pasted or uploaded article into the ledger.

Jinja2 escapes everything (autoescape on for every template); article text is never marked
safe. It is shown through :func:`claimscope.terminal.safe` as well, which replaces control and
bidi-override characters one for one, so that offsets still point at the same characters and
no article can reorder what the page shows around it.
"""

from __future__ import annotations

from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from starlette.templating import Jinja2Templates

from ..errors import QueryError
from ..ingest.base import make_document
from ..ledger import Ledger
from ..model import Claim, Document
from ..records import claimant_label
from ..render import argument_spans
from ..store.base import FACETS
from ..terminal import safe
from . import queries, svg
from .api import PAGE_SIZE, FilterDep, LedgerDep, Limit

_TEMPLATES = Path(str(resources.files("claimscope.web").joinpath("templates")))


def _shown(value: Any) -> Any:
    """Every string a template prints, before it is escaped: control and bidi-override
    characters replaced one for one (see terminal.safe), whatever the template forgot."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return safe(value, newlines=True)
    return value


env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=True, finalize=_shown)
env.filters["safe_text"] = lambda s: safe(str(s), newlines=True) if s is not None else ""
env.globals["claimant_label"] = claimant_label
# Only these become links; a javascript: or data: URL from an article is shown as text.
env.tests["web_link"] = lambda u: (
    isinstance(u, str) and u.lower().startswith(("http://", "https://")) and u.isprintable()
)
templates = Jinja2Templates(env=env)

router = APIRouter(include_in_schema=False)
write_router = APIRouter(include_in_schema=False)

# The largest article the analyse form takes (characters pasted, bytes uploaded): a long
# newspaper article is under 100 kB; the CLI is the way in for more.
MAX_UPLOAD = 500_000
FILTER_PARAMS = (
    "claimant",
    "source_type",
    "status",
    "lang",
    "event_type",
    "situation",
    "since",
    "until",
    "date_by",
    "q",
    "sort",
)


def _page(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("allow_writes", request.app.state.allow_writes)
    return templates.TemplateResponse(request, name, context, status_code=code)


def error_page(request: Request, status: int, detail: str) -> HTMLResponse:
    return _page(request, "error.html", status, status=status, detail=detail)


# ---------------------------------------------------------------------- highlighting
def segments(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """``text`` cut at every span boundary: (piece, the CSS classes of the spans over it)."""
    n = len(text)
    spans = [(max(0, a), min(n, b), cls) for a, b, cls in spans if a < b and a < n and b > 0]
    bounds = sorted({0, n, *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    out = []
    for a, b in pairwise(bounds):
        classes = " ".join(dict.fromkeys(cls for s, e, cls in spans if s <= a and b <= e))
        out.append((text[a:b], classes))
    return out


def claim_spans(c: Claim, offset: int = 0) -> list[tuple[int, int, str]]:
    spans = [(c.start - offset, c.end - offset, "hl-claim")]
    for a, b in argument_spans(c):
        spans.append((a - offset, b - offset, "hl-arg"))
    for a2, b2, cls in (
        (c.cue_start, c.cue_end, "hl-cue"),
        (c.claimant.start, c.claimant.end, "hl-claimant"),
        (c.evidence_start, c.evidence_end, "hl-evidence"),
    ):
        if a2 is not None and b2 is not None:
            spans.append((a2 - offset, b2 - offset, cls))
    return spans


def paragraph(doc: Document, c: Claim) -> tuple[int, int]:
    """The line (paragraph) of the document the claim stands in, widened to hold all of it."""
    start = doc.text.rfind("\n", 0, max(0, c.start)) + 1
    end = doc.text.find("\n", c.end)
    return start, len(doc.text) if end == -1 else end


# ---------------------------------------------------------------------- SVG
TIMELINE_WIDTH = 1200


def timeline_svg(claims: list[Claim]) -> Markup:
    """The situation's timeline as SVG (svg.py escapes every string it draws)."""
    items = [
        svg.TimelineItem(
            id=c.id,
            label=f"{claimant_label(c)}: {c.proposition.event_type}",
            published=c.doc_date or "",
            source_type=c.source_type,
            status=c.status,
            event_start=when.start if (when := c.proposition.time or c.captured) else None,
            event_end=when.end if when else None,
        )
        for c in claims
    ]
    # Drawn at the page's full width (1280 px less the margins), so its labels stay legible.
    return Markup(svg.timeline_svg(items, width=TIMELINE_WIDTH))


def map_svg(claims: list[Claim]) -> Markup:
    """The situation's places on a map drawn from the bundled Natural Earth shapes."""
    return Markup(svg.map_svg([p for c in claims for p in c.proposition.places]))


# ---------------------------------------------------------------------- the ledger
def _state(request: Request) -> dict[str, str]:
    """The filters of the current URL (the whole state of a ledger view)."""
    return {k: v for k in FILTER_PARAMS if (v := request.query_params.get(k, ""))}


def url_with(state: dict[str, str], **changes: str | None) -> str:
    params = dict(state)
    for k, v in changes.items():
        if v is None or v == "":
            params.pop(k, None)
        else:
            params[k] = v
    return "?" + urlencode(params) if params else "?"


@router.get("/", response_class=HTMLResponse)
def ledger_page(
    request: Request, ledger: LedgerDep, flt: FilterDep, limit: Limit = PAGE_SIZE
) -> HTMLResponse:
    state = _state(request)
    page, cursor = ledger.store.claims_page(flt, limit)
    facets = ledger.store.facets(flt)
    facet_links = {
        name: [
            (
                value,
                n,
                url_with(state, **{name: None if state.get(name) == value else value}),
                state.get(name) == value,
            )
            for value, n in facets[name]
        ]
        for name in FACETS
    }
    return _page(
        request,
        "ledger.html",
        claims=page,
        total=ledger.store.count_claims(flt),
        facets=facet_links,
        state=state,
        next_url=url_with(state, cursor=cursor) if cursor else None,
        first_url=url_with(state) if flt.cursor else None,
        export_urls={f: "/export" + url_with(state, format=f) for f in queries.EXPORT_FORMATS},
        sorts=[("date", "newest last"), ("-date", "newest first"), ("event_date", "event date")],
    )


@router.get("/export")
def export(
    ledger: LedgerDep,
    flt: FilterDep,
    format: Annotated[str, Query(max_length=10)] = "jsonl",  # noqa: A002  (the URL's word)
) -> Response:
    body = queries.export_view(ledger, flt, format)
    ext = "geojson" if format == "geojson" else format
    return Response(
        body,
        media_type=queries.MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="claims.{ext}"'},
    )


# ---------------------------------------------------------------------- one claim
@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(request: Request, ledger: LedgerDep, claim_id: str) -> HTMLResponse:
    claim = ledger.claim(claim_id)
    doc = ledger.document(claim.doc_id)
    a, b = paragraph(doc, claim)
    return _page(
        request,
        "claim.html",
        c=claim,
        doc=doc,
        para=segments(doc.text[a:b], claim_spans(claim, a)),
        reasons=[queries.reason_item(r) for r in claim.reasons],
        related=queries.related_claims(ledger, claim),
    )


# ---------------------------------------------------------------------- situations
@router.get("/situations", response_class=HTMLResponse)
def situations_page(request: Request, ledger: LedgerDep) -> HTMLResponse:
    return _page(request, "situations.html", situations=ledger.situations())


@router.get("/situations/{situation_id}", response_class=HTMLResponse)
def situation_page(request: Request, ledger: LedgerDep, situation_id: str) -> HTMLResponse:
    view = queries.situation_view(ledger, situation_id)
    return _page(
        request,
        "situation.html",
        view=view,
        timeline=timeline_svg(view.timeline),
        map=map_svg(view.timeline),
    )


# ---------------------------------------------------------------------- documents
@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, ledger: LedgerDep, doc_id: str) -> HTMLResponse:
    doc = ledger.document(doc_id)
    spans = [
        (
            s["start"],
            s["end"],
            f"hl-{s['kind']}" + (f" m-{s['type']}" if s["kind"] == "mention" else ""),
        )
        for s in queries.document_spans(doc)
    ]
    return _page(request, "document.html", doc=doc, text=segments(doc.text, spans))


# ---------------------------------------------------------------------- docs
@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    endpoints = []
    for path, ops in spec.get("paths", {}).items():
        for method, op in ops.items():
            params = [
                (p["name"], p.get("in", ""), p.get("description", ""), p.get("schema", {}))
                for p in op.get("parameters", [])
            ]
            endpoints.append(
                (method.upper(), path, op.get("summary", ""), op.get("description", ""), params)
            )
    return _page(request, "docs.html", endpoints=endpoints, info=spec.get("info", {}))


# ---------------------------------------------------------------------- analyse (writes)
@write_router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request) -> HTMLResponse:
    return _page(request, "analyze.html", max_upload=MAX_UPLOAD, form={})


@write_router.post("/analyze", response_class=HTMLResponse)
def analyze_post(
    request: Request,
    ledger: LedgerDep,
    text: Annotated[str, Form(max_length=MAX_UPLOAD)] = "",
    date: Annotated[str, Form(max_length=40)] = "",
    lang: Annotated[str, Form(max_length=35)] = "",
    title: Annotated[str, Form(max_length=500)] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    form = {"date": date, "lang": lang, "title": title, "text": text}

    def refuse(message: str, status: int = 422) -> HTMLResponse:
        return _page(
            request, "analyze.html", status, max_upload=MAX_UPLOAD, form=form, error=message
        )

    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        # A page of another site posting to this loopback server (cross-site request
        # forgery): browsers say where a request comes from; only this server's own form writes.
        return refuse("only the form of this server can add articles", 403)

    origin = "pasted text"
    if file is not None and file.filename:
        data = file.file.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            return refuse(f"the file is larger than {MAX_UPLOAD:,} bytes; use the CLI for it")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return refuse("the file is not UTF-8 text; save it as UTF-8 or paste its text")
        origin = Path(file.filename).name
    if not text.strip():
        return refuse("no text: paste an article or choose a file")
    if not date.strip():
        return refuse("no date: give the publication date (YYYY-MM-DD, YYYY-MM or YYYY)")
    try:
        doc_id = _analyze(request, ledger, origin, text, date.strip(), lang.strip(), title)
    except QueryError as e:
        return refuse(str(e))
    return _page(request, "analyzed.html", doc=ledger.document(doc_id))


def _analyze(
    request: Request, ledger: Ledger, origin: str, text: str, date: str, lang: str, title: str
) -> str:
    from ..lang.codes import parse_lang

    code = parse_lang(lang) if lang else None
    if lang and code is None:
        raise QueryError(f"lang {lang!r}: not a language code; give an ISO 639 code such as en")
    made = make_document(
        origin, text, ledger.settings, date_value=date, title=title or None, lang=code
    )
    if not isinstance(made, Document):
        raise QueryError(made.reason)
    with request.app.state.write_lock:
        ledger.add(made)
        ledger.assess([made.id])
    return made.id
