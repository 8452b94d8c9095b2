"""The seed format: ``date YYYY-MM[-DD]`` on the first line, then the article.

Real files bend it: a leading space or BOM, a colon, or header and text on one line
(`` date 2022-02 Ook is niet bekend ...``). The body keeps every character after the header and
the whitespace that follows it, because all offsets point into it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from claimscope.errors import IngestError
from claimscope.ingest.base import decode, make_document
from claimscope.model import Document
from claimscope.settings import Settings

# The date token must start with four digits, so prose opening with "date night ..." stays prose;
# anything after the digits goes to parse_date, which rejects "2022-13" with a clear message.
_HEADER = re.compile(r"[\s\ufeff]*date:?[ \t]+(\d{4}\S*)\s*")


def split_header(text: str) -> tuple[str, int] | None:
    """``(date value, offset where the body starts)`` if ``text`` opens with a seed header."""
    m = _HEADER.match(text)
    return (m.group(1), m.end()) if m else None


def document_from_seed(
    origin: str, text: str, settings: Settings, warnings: list[str] | None = None
) -> Document | IngestError | None:
    """The Document of a seed text, an IngestError for a bad one, None if there is no header."""
    header = split_header(text)
    if header is None:
        return None
    value, start = header
    return make_document(origin, text[start:], settings, date_value=value, warnings=warnings)


def iter_seed(origin: str, data: bytes, settings: Settings) -> Iterator[Document | IngestError]:
    """Read bytes that must be in the seed format."""
    warnings: list[str] = []
    try:
        text = decode(origin, data, warnings=warnings)
    except IngestError as e:
        yield e
        return
    doc = document_from_seed(origin, text, settings, warnings)
    if doc is None:
        doc = IngestError(origin, 'no "date YYYY-MM[-DD]" header at the start', 1)
    yield doc
