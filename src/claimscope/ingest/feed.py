"""RSS and Atom feed files: one Document per entry, via feedparser."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser
import lxml.html
from lxml import etree

from claimscope.errors import DateError, IngestError
from claimscope.ingest.base import DateFormatError, make_document, parse_date
from claimscope.model import Document
from claimscope.settings import Settings

logger = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_SPACES = re.compile(r"\s+")
# Elements after which a reader sees a line break; text inside stays on one line.
_BLOCKS = (
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "tr", "table", "section", "article", "figure", "figcaption", "hr",
)  # fmt: skip


def html_fragment_to_text(fragment: str) -> str:
    """Entry HTML to plain text with one paragraph a line.

    lxml rather than trafilatura: entry bodies are short fragments without page boilerplate, and
    trafilatura's length thresholds would throw many of them away.
    """
    if "<" not in fragment:
        return fragment.strip()
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except etree.ParserError:
        return ""
    etree.strip_elements(root, "script", "style", etree.Comment, with_tail=False)
    # The markup's own line breaks render as spaces: flatten them before marking blocks.
    for element in root.iter():
        if element.text:
            element.text = _SPACES.sub(" ", element.text)
        if element.tail:
            element.tail = _SPACES.sub(" ", element.tail)
    for element in root.iter(*_BLOCKS):
        if element.tag != "br":
            element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _entry_text(entry: Any) -> str:
    """The fullest body an entry has: its longest ``content``, else its ``summary``."""
    parts = [c for c in entry.get("content") or () if c.get("value")]
    part = max(parts, key=lambda c: len(c["value"])) if parts else entry.get("summary_detail")
    if not part or not part.get("value"):
        return ""
    if part.get("type", "text/html") in _HTML_TYPES:
        return html_fragment_to_text(part["value"])
    return part["value"].strip()


def _entry_date(entry: Any) -> Any:
    """The raw published/updated string keeps its precision; feedparser's parse (UTC) is the
    fallback for forms parse_date does not know, never for absurd dates, which feedparser
    silently rolls over (2022-02-30 -> 2022-03-02)."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            parse_date(raw)
        except DateFormatError:
            parsed = entry.get(f"{key}_parsed")
            if parsed is None:
                return raw  # make_document reports the DateError for this entry
            year, month, day, hour, minute, second = parsed[:6]
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
        except DateError:
            pass  # absurd: make_document reports it for this entry
        return raw
    return None


def _entry_lang(entry: Any, feed_lang: str | None) -> str | None:
    for key in ("content", "summary_detail", "title_detail"):
        detail = entry.get(key)
        if isinstance(detail, list):
            detail = detail[0] if detail else None
        if detail and detail.get("language"):
            return detail["language"]
    return feed_lang


def iter_feed(origin: str, data: bytes, settings: Settings) -> Iterator[Document | IngestError]:
    """Entries of an RSS/Atom feed; origins are ``file#N`` with N counting entries from 1."""
    if not data.strip():
        yield IngestError(
            origin, "empty file (0 bytes)" if not data else "empty file (only whitespace)"
        )
        return
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        yield IngestError(origin, "binary file (contains NUL bytes), not an RSS/Atom feed")
        return
    # Bytes, not str: feedparser then honours the XML encoding declaration, and it never
    # mistakes the input for a URL to fetch.
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if not parsed.version:
            reason = parsed.get("bozo_exception") or "no <rss>, <feed> or <rdf:RDF> root"
            yield IngestError(origin, f"not an RSS/Atom feed ({reason})")
        else:
            logger.info("%s: feed has no entries", origin)
        return
    if parsed.bozo:
        logger.info(
            "%s: feed is not well-formed (%s); read leniently", origin, parsed.bozo_exception
        )
    channel = parsed.feed
    source = channel.get("title")
    feed_lang = channel.get("language")
    for number, entry in enumerate(parsed.entries, 1):
        where = f"{origin}#{number}"
        text = _entry_text(entry)
        if not text:
            yield IngestError(where, "feed entry has no content or summary text")
            continue
        yield make_document(
            where,
            text,
            settings,
            date_value=_entry_date(entry),
            title=entry.get("title"),
            source=source,
            url=entry.get("link"),
            lang=_entry_lang(entry, feed_lang),
        )
