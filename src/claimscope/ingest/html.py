"""HTML pages: trafilatura finds the main text, the title, the date, the site and the URL."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

from trafilatura import bare_extraction
from trafilatura.utils import load_html

from claimscope.errors import IngestError
from claimscope.ingest.base import DateValue, decode, make_document
from claimscope.model import Document
from claimscope.settings import Settings

logger = logging.getLogger(__name__)

# The HTML standard's prescan looks for <meta charset> within the first 1024 bytes; real pages put
# comments and scripts first often enough that a few KB is the safer window.
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag, used only when it is not UTF-8."""
    m = _META_CHARSET.search(data, 0, _PRESCAN_BYTES)
    return m.group(1).decode("ascii") if m else None


def document_from_html(
    origin: str,
    data: bytes,
    settings: Settings,
    *,
    url: str | None = None,
    fallback_date: DateValue = None,
    charset: str | None = None,
) -> Document | IngestError:
    """One page to one Document.

    ``url`` (a WARC's target URI) wins over the page's canonical URL; ``fallback_date`` (a
    WARC-Date) is used when the page carries no publication date; ``charset`` is the HTTP header's.
    """
    warnings: list[str] = []
    try:
        markup = decode(origin, data, declared=charset or declared_charset(data), warnings=warnings)
    except IngestError as e:
        return e
    tree = load_html(markup)
    if tree is None:
        return IngestError(origin, "not HTML: the parser found no document in it")
    # Read before extraction: trafilatura prunes the tree it is given.
    lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    # favor_precision ("prefer less text but correct extraction", trafilatura's docs): a menu or
    # login form taken for text yields false claims, a missed paragraph only loses some.
    found = bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, favor_precision=True
    )
    # trafilatura 2 returns its Document (a dict only with as_dict=True, not asked for here).
    result = None if found is None or isinstance(found, dict) else found
    text = result.text if result is not None else None
    if result is None or not text or text.isspace():
        return IngestError(
            origin, "no main text found in the HTML (navigation or an empty page?); give the "
            "article page or its text"
        )  # fmt: skip
    return make_document(
        origin,
        text,
        settings,
        date_value=result.date or fallback_date,
        title=result.title,
        source=result.sitename,
        url=url or result.url,
        lang=lang,
        warnings=warnings,
    )


def iter_html(origin: str, data: bytes, settings: Settings) -> Iterator[Document | IngestError]:
    yield document_from_html(origin, data, settings)
