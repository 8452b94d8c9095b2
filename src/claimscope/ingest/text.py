"""Plain text files: the seed format when the header is there, else the whole text.

This is the hot path (a corpus is mostly .txt), so it does only a UTF-8 decode, one regex and the
Document itself: no charset detection unless UTF-8 fails, no HTML parsing.
"""

from __future__ import annotations

from collections.abc import Iterator

from claimscope.errors import IngestError
from claimscope.ingest.base import decode, make_document
from claimscope.ingest.seed import document_from_seed
from claimscope.model import Document
from claimscope.settings import Settings


def document_from_text(
    origin: str, text: str, settings: Settings, warnings: list[str] | None = None
) -> Document | IngestError:
    """A seed text keeps its header date; any other text gets ``settings.default_date``."""
    doc = document_from_seed(origin, text, settings, warnings)
    if doc is None:
        doc = make_document(origin, text, settings, warnings=warnings)
    return doc


def iter_text(origin: str, data: bytes, settings: Settings) -> Iterator[Document | IngestError]:
    warnings: list[str] = []
    try:
        text = decode(origin, data, warnings=warnings)
    except IngestError as e:
        yield e
        return
    yield document_from_text(origin, text, settings, warnings)
