"""claimscope: a multilingual ledger of who claims what about a conflict.

>>> import claimscope
>>> doc = claimscope.analyze_text('"We pull back," the ministry said.', date="2022-02-15")
>>> with claimscope.Ledger("claimscope.db") as ledger:
...     report = ledger.analyze(["articles/"])
"""

from __future__ import annotations

from .analysis import analyze_document
from .errors import ClaimscopeError, IngestError
from .ledger import AnalyzeReport, Ledger
from .model import (
    Argument,
    Assessment,
    Cited,
    Claim,
    Claimant,
    Document,
    Entity,
    EntityRef,
    Mention,
    Place,
    PlaceArg,
    Proposition,
    Quantity,
    QuantityArg,
    Reason,
    Sentence,
    Situation,
    Stance,
    TimeArg,
    TimeInterval,
)
from .pipeline import Pipeline
from .resources import Resources
from .settings import Settings
from .store.base import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "AnalyzeReport",
    "Argument",
    "Assessment",
    "Claim",
    "Cited",
    "Claimant",
    "ClaimscopeError",
    "Document",
    "Entity",
    "EntityRef",
    "IngestError",
    "Ledger",
    "Mention",
    "Pipeline",
    "Place",
    "PlaceArg",
    "Proposition",
    "Reason",
    "Quantity",
    "QuantityArg",
    "Resources",
    "Sentence",
    "Settings",
    "Situation",
    "Stance",
    "Store",
    "TimeArg",
    "TimeInterval",
    "analyze_text",
    "open_store",
    "__version__",
]


def analyze_text(
    text: str,
    date: str | None = None,
    lang: str | None = None,
    *,
    title: str | None = None,
    source: str | None = None,
    url: str | None = None,
    resources: Resources | None = None,
    pipeline: Pipeline | None = None,
) -> Document:
    """Analyse one article and return its Document with sentences, mentions and claims.

    ``date`` is the publication date with its precision (``2022``, ``2022-02``, ``2022-02-15``
    or an ISO timestamp); relative dates in the text resolve against it. ``lang`` skips language
    identification. Without ``resources`` and ``pipeline``, every call shares one set for the
    process (default settings), so the models of a language load once; pass your own for
    other settings or to free them.
    """
    from .ingest import parse_date
    from .lang.codes import lang_option

    if lang is not None:
        lang = lang_option(lang, "lang")
    doc = Document(text=text, lang=lang, title=title, source=source, url=url, origin="<text>")
    if date is not None:
        doc.date, doc.date_precision = parse_date(date)
    if pipeline is None and resources is None:
        pipeline, resources = _shared()
    return analyze_document(doc, pipeline or Pipeline(), resources or Resources())


_SHARED: tuple[Pipeline, Resources] | None = None


def _shared() -> tuple[Pipeline, Resources]:
    """The pipeline and resources analyze_text uses when given neither."""
    global _SHARED
    if _SHARED is None:
        _SHARED = (Pipeline(), Resources())
    return _SHARED
