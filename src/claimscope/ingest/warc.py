"""WARC archives (news crawls): one Document per HTML page fetched with status 200.

The archive is streamed record by record, so it may be larger than ``settings.max_bytes``; a
single page may not. A corrupt record is reported and, when the file can seek, reading resumes
at the next record boundary. A record the end of the file cuts short (a download or copy cut
off) is reported as truncated and not stored, whatever warcio makes of it.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from email.message import Message
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from claimscope.errors import IngestError
from claimscope.ingest.html import document_from_html
from claimscope.model import Document
from claimscope.settings import Settings

logger = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_RECORD = b"\nWARC/1."
_SCAN_CHUNK = 1 << 20


def _charset(content_type: str) -> str | None:
    message = Message()
    message["content-type"] = content_type
    return message.get_content_charset()


def _page(
    where: str, offset: int, record: Any, settings: Settings
) -> Iterator[Document | IngestError]:
    """The Document of one record, if it is an HTML page fetched with status 200."""
    if record.rec_type != "response" or record.http_headers is None:
        return
    status = record.http_headers.get_statuscode()
    content_type = record.http_headers.get_header("Content-Type") or ""
    if status != "200" or content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
        logger.debug("%s: skipped (status %s, %s)", where, status, content_type or "no type")
        return
    url = record.rec_headers.get_header("WARC-Target-URI")
    length = record.rec_headers.get_header("Content-Length")
    if length and length.isdigit() and int(length) > settings.max_bytes:
        yield IngestError(where, f"record of {int(length):,} bytes over max_bytes ({url})")
        return
    try:
        # content_stream() undoes chunked transfer and gzip/brotli content encoding.
        body = record.content_stream().read(settings.max_bytes + 1)
    except Exception as e:  # any decoding failure is this record's, not the run's
        yield IngestError(where, f"cannot read the page body of {url}: {e}")
        return
    if len(body) > settings.max_bytes:
        yield IngestError(
            where, f"page over max_bytes ({settings.max_bytes:,}) once decoded ({url})"
        )
        return
    # warcio hands out a record cut short by the end of the file as if it were whole: the rest
    # of its Content-Length never came.
    record.raw_stream.read()
    if record.raw_stream.limit > 0:
        yield _truncated(where, offset, f"{record.raw_stream.limit:,} bytes missing ({url})")
        return
    if not body:
        yield IngestError(where, f"empty page body ({url})")
        return
    try:
        yield document_from_html(
            where,
            body,
            settings,
            url=url,
            fallback_date=record.rec_headers.get_header("WARC-Date"),
            charset=_charset(content_type),
        )
    except Exception as e:  # one page the extractor chokes on must not end the archive
        logger.debug("%s: extraction failed", where, exc_info=True)
        yield IngestError(where, f"could not extract the page {url} ({type(e).__name__}: {e})")


def iter_warc(
    origin: str, stream: BinaryIO, settings: Settings
) -> Iterator[Document | IngestError]:
    """Pages in a WARC (plain or gzipped) read from ``stream``; origins are ``file#N``, N
    counting every record from 1 so that a record can be found again."""
    try:
        start = stream.tell()
        seekable = stream.seekable()
    except (AttributeError, OSError):
        start, seekable = 0, False
    number = 0
    last = start  # offset of the last record read
    # The items of the last record read are held back until the next one starts: a .warc.gz
    # cut inside its gzip trailer yields a whole-looking record whose member never ends.
    held: list[Document | IngestError] = []
    found = 0  # documents and errors from the records read
    gzipped = seekable and _is_gzip(stream, start)
    if seekable:
        stream.seek(start)
    while True:
        archive = ArchiveIterator(stream)
        try:
            for record in archive:
                if record.format != "warc":
                    # warcio reads any line of words as an ARC header; only WARC is supported.
                    raise ValueError(f"not a WARC record ({record.format} or other data)")
                yield from held
                number += 1
                last = archive.offset
                held = list(_page(f"{origin}#{number}", last, record, settings))
                found += len(held)
            cut = _incomplete_member(stream, last) if gzipped else None
            if cut is None:
                yield from held
            elif cut == last and number:
                if any(isinstance(i, IngestError) and _TRUNCATED in i.reason for i in held):
                    yield from held  # already found short by its Content-Length
                else:
                    yield _truncated(f"{origin}#{number}", cut, "its gzip member is incomplete")
            else:
                yield from held
                yield _truncated(f"{origin}#{number + 1}", cut, "its gzip member is incomplete")
            if number == 0 and cut is None:
                yield IngestError(origin, "empty WARC (no records)")
            elif not found and cut is None:
                # Images, scripts and redirects are skipped one by one without a word; an archive
                # of nothing else must not pass as read.
                yield IngestError(
                    origin, f"no HTML page (status 200, text/html) among its {number} records; "
                    "nothing to analyse"
                )  # fmt: skip
            return
        except Exception as e:  # warcio raises many kinds on a broken record
            yield from held
            held = []
            number += 1
            failed_at = archive.offset
            logger.debug("%s: corrupt record at offset %s", origin, failed_at, exc_info=True)
            reason = f"corrupt WARC record at byte {failed_at} ({type(e).__name__}: {_brief(e)})"
            if not seekable:
                yield IngestError(
                    f"{origin}#{number}", f"{reason}; the rest of the stream is skipped"
                )
                return
            resume = _next_record(stream, failed_at, gzipped)
            cut = _incomplete_member(stream, last) if gzipped and resume is None else None
            if cut is not None and number > 1:
                yield _truncated(f"{origin}#{number}", cut, f"{type(e).__name__}: {_brief(e)}")
                return
            if resume is None and number == 1:
                yield IngestError(origin, f"not a WARC file ({_brief(e)})")
                return
            if resume is None:
                yield IngestError(f"{origin}#{number}", f"{reason}; no further records found")
                return
            yield IngestError(f"{origin}#{number}", f"{reason}; resuming at byte {resume}")
            stream.seek(resume)


_TRUNCATED = "truncated WARC record"


def _truncated(where: str, offset: int, detail: str) -> IngestError:
    return IngestError(
        where, f"{_TRUNCATED} at byte {offset}: the file ends inside it, {detail}; not stored "
        "(was the download or copy cut short?)"
    )  # fmt: skip


def _incomplete_member(stream: BinaryIO, start: int) -> int | None:
    """The offset of a gzip member from ``start`` on that the end of the file cuts short."""
    stream.seek(start)
    member, fed = start, 0
    inflater = zlib.decompressobj(wbits=31)
    while chunk := stream.read(_SCAN_CHUNK):
        position = stream.tell() - len(chunk)
        while chunk:
            try:
                inflater.decompress(chunk)
            except zlib.error:
                return None  # not gzip: warcio's own error covers it
            fed += len(chunk)
            if not inflater.eof:
                break
            rest = inflater.unused_data
            position += len(chunk) - len(rest)
            member, fed, chunk = position, 0, rest
            inflater = zlib.decompressobj(wbits=31)
    return member if fed and not inflater.eof else None


def _brief(error: Exception) -> str:
    """warcio quotes the offending line, which in a damaged .warc.gz is compressed bytes."""
    text = "".join(c if c.isprintable() else "?" for c in " ".join(str(error).split()))
    return text if len(text) <= 100 else text[:100] + "..."


def _is_gzip(stream: BinaryIO, start: int) -> bool:
    stream.seek(start)
    return stream.read(2) == _GZIP_MEMBER[:2]


def _next_record(stream: BinaryIO, after: int, gzipped: bool) -> int | None:
    """Offset of the next record boundary after ``after``: a gzip member (each WARC record is
    its own member in a .warc.gz) or a ``WARC/1.x`` line."""
    marker = _GZIP_MEMBER if gzipped else _WARC_RECORD
    skip = 0 if gzipped else 1  # the newline before "WARC/1." ends the previous record
    position = after + 1
    stream.seek(position)
    tail = b""
    while chunk := stream.read(_SCAN_CHUNK):
        window = tail + chunk
        found = window.find(marker)
        if found >= 0:
            return position - len(tail) + found + skip
        tail = window[-(len(marker) - 1) :]
        position += len(chunk)
    return None


def iter_warc_bytes(
    origin: str, data: bytes, settings: Settings
) -> Iterator[Document | IngestError]:
    yield from iter_warc(origin, io.BytesIO(data), settings)
