"""Records with named fields: JSON Lines (or a JSON array) and CSV/TSV.

Field names come from settings (``text_field``, ``date_field`` ...), so a record source with other
names needs no code. Each record is a document or an error on its own line; one bad line never
costs the others.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, BinaryIO

from claimscope.errors import IngestError
from claimscope.ingest.base import BOMS, decode, make_document, mostly_utf8, reader, too_large
from claimscope.model import Document
from claimscope.settings import Settings

_JSON_TYPES = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return _JSON_TYPES.get(type(value), "a number")


def _missing_text(kind: str, field: str, names: Sequence[str], values: Mapping[str, Any]) -> str:
    """``no "text" field (found: title, body); use --text-field body``: suggest the longest."""
    # A header row that is really a record (no header at all) has the article as a "name".
    found = ", ".join(n if len(n) <= 40 else n[:39] + "…" for n in names) if names else "nothing"
    message = f'no "{field}" {kind} (found: {found})'
    texts = {k: v for k, v in values.items() if isinstance(v, str) and v.strip()}
    if texts:
        message += f"; use --text-field {max(texts, key=lambda k: len(texts[k]))}"
    return message


def document_from_record(
    origin: str, record: Any, settings: Settings, *, line: int | None = None
) -> Document | IngestError:
    """One JSON record (a dict) to a Document, reading the fields that settings name."""
    if not isinstance(record, dict):
        return IngestError(origin, f"expected a JSON object, found {_type_name(record)}", line)
    if settings.text_field not in record:
        return IngestError(
            origin, _missing_text("field", settings.text_field, list(record), record), line
        )
    text = record[settings.text_field]
    if not isinstance(text, str):
        return IngestError(
            origin,
            f'"{settings.text_field}" is {_type_name(text)}, not a string',
            line,
        )
    return make_document(
        origin,
        text,
        settings,
        date_value=record.get(settings.date_field),
        line=line,
        title=record.get(settings.title_field),
        source=record.get(settings.source_field),
        url=record.get(settings.url_field),
        lang=record.get(settings.lang_field),
    )


def iter_jsonl(origin: str, data: bytes, settings: Settings) -> Iterator[Document | IngestError]:
    """JSON Lines (one object a line) or, unless named .jsonl/.ndjson, a JSON array."""
    lines_only = origin.lower().endswith((".jsonl", ".ndjson"))
    if _line_by_line(data, lines_only):
        yield from _iter_lines(origin, _decoded_lines(data.split(b"\n")), settings)
        return
    try:
        text = decode(origin, data)
    except IngestError as e:
        yield e
        return
    if not lines_only and text.lstrip().startswith("["):
        yield from _iter_json_array(origin, text, settings)
        return
    # Split on "\n" only: str.splitlines() would also break at U+2028, which JSON allows raw
    # inside strings.
    yield from _iter_lines(origin, text.split("\n"), settings)


def _line_by_line(data: bytes, lines_only: bool) -> bool:
    """Whether JSON Lines must be decoded line by line: a NUL byte or an invalid UTF-8 sequence
    in UTF-8 lines belongs to its line, and decoding the file whole would refuse (or garble)
    the good lines with it. A BOM (UTF-16/32 has NULs everywhere), a JSON array and a file in
    one legacy charset are decoded whole."""
    if data.startswith(BOMS) or not data or (not lines_only and data.lstrip().startswith(b"[")):
        return False
    if b"\x00" in data:
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return mostly_utf8(data)
    return False


def _decoded_lines(lines: Iterable[bytes | IngestError]) -> Iterator[str | IngestError]:
    """Each line as text, or the reason it cannot be read (the caller adds where)."""
    for line in lines:
        if isinstance(line, IngestError):
            yield line
            continue
        nul = line.find(b"\x00")
        if nul >= 0:
            yield IngestError(
                "", f"contains a NUL byte (byte {nul + 1} of the line), so it is binary "
                "data, not a JSON object; remove it or export the record again"
            )  # fmt: skip
            continue
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as e:
            yield IngestError(
                "", f"not UTF-8 (0x{line[e.start]:02x} at byte {e.start + 1} of the line); JSON Lines "
                "must be UTF-8, re-encode this record"
            )  # fmt: skip


def _iter_lines(
    origin: str, lines: Iterable[str | IngestError], settings: Settings
) -> Iterator[Document | IngestError]:
    for number, line in enumerate(lines, 1):
        if isinstance(line, IngestError):
            yield IngestError(origin, line.reason, number)
            continue
        if not line or line.isspace():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield IngestError(
                origin, f"not valid JSON: {e.msg} (column {e.colno}); each line must be "
                "one JSON object", number,
            )  # fmt: skip
            continue
        yield document_from_record(origin, record, settings, line=number)


def _iter_json_array(
    origin: str, text: str, settings: Settings
) -> Iterator[Document | IngestError]:
    try:
        records = json.loads(text)
    except json.JSONDecodeError as e:
        yield IngestError(origin, f"not valid JSON: {e.msg} (column {e.colno})", e.lineno)
        return
    if not isinstance(records, list):
        records = [records]
    for number, record in enumerate(records, 1):
        yield document_from_record(f"{origin}#{number}", record, settings)


def _allow_long_fields(max_bytes: int) -> None:
    # The csv module refuses fields over 131072 characters by default, which long articles
    # exceed. The limit is process-wide; raising it to the file size limit is harmless because
    # no field can be longer than the file.
    if csv.field_size_limit() < max_bytes:
        csv.field_size_limit(max_bytes)


def iter_csv(
    origin: str, data: bytes, settings: Settings, *, delimiter: str | None = None
) -> Iterator[Document | IngestError]:
    """CSV/TSV with a header row. Origins and errors carry the line each record starts on."""
    warnings: list[str] = []
    try:
        text = decode(origin, data, warnings=warnings)
    except IngestError as e:
        yield e
        return
    if delimiter is None:
        delimiter = _delimiter(text.split("\n", 1)[0])
    _allow_long_fields(settings.max_bytes)
    # newline="" hands line ends to the csv module, which keeps newlines inside quoted fields.
    yield from _iter_rows(origin, _Lines(io.StringIO(text, newline="")), settings, delimiter,
                          warnings)  # fmt: skip


def _delimiter(header: str) -> str:
    """The delimiter of a CSV file by its header line: a tab, a semicolon (what spreadsheets
    write where the comma is the decimal mark: nl, de, fr) when there is no comma, else a
    comma."""
    if "\t" in header:
        return "\t"
    return ";" if ";" in header and "," not in header else ","


class _Lines:
    """Lines for the csv module that know whether they are at the end of the input, and keep
    the lines of the current row (the unclosed-quote check reads them), never the whole file."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = iter(lines)
        self._next = next(self._lines, None)
        self.row: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._next
        if line is None:
            raise StopIteration
        self._next = next(self._lines, None)
        self.row.append(line)
        return line

    @property
    def at_end(self) -> bool:
        return self._next is None


def _iter_rows(
    origin: str, lines: _Lines, settings: Settings, delimiter: str, warnings: list[str]
) -> Iterator[Document | IngestError]:
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as e:
        yield IngestError(origin, f"no CSV header row ({e or 'no rows'})", 1)
        return
    names = [name.strip() for name in header]
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name, i)
    if settings.text_field not in index:
        # The first record's longest cell is the likely text column to suggest.
        try:
            first_row = next(reader, [])
        except csv.Error:
            first_row = []
        message = _missing_text(
            "column", settings.text_field, names, dict(zip(names, first_row, strict=False))
        )
        yield IngestError(origin, message, 1)
        return
    end = reader.line_num
    while True:
        start = end + 1
        lines.row = []
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            if reader.line_num <= end:  # no progress: the rest cannot be read
                yield IngestError(origin, f"malformed CSV: {e}", start)
                return
            end = reader.line_num
            yield IngestError(origin, f"malformed CSV: {e}", start)
            continue
        end = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        if lines.at_end:
            opened = _unclosed_quote(lines.row, start, delimiter)
            if opened is not None:
                # The csv module ends the field at the end of the file without a word, so the
                # rows after the quote would be stored as one article's text.
                yield IngestError(
                    origin, "a quoted field opens here and is never closed: the rest of the file "
                    f"(lines {opened}-{end}) would be one field; close the quote", opened,
                )  # fmt: skip
                return
        if len(row) > len(names):
            yield IngestError(
                origin, f"{len(row)} fields but the header has {len(names)}; quote fields "
                f"that contain {'a tab' if delimiter == chr(9) else 'the delimiter'}", start,
            )  # fmt: skip
            continue
        doc_warnings = warnings if any("\ufffd" in cell for cell in row) else None
        yield _document_from_row(origin, row, index, settings, start, doc_warnings)


def _unclosed_quote(lines: list[str], first: int, delimiter: str) -> int | None:
    """The line (numbered from 1) where a quote opens that ``lines``, the lines from line
    ``first`` on, never close,
    read as the csv module's default dialect does: a quote opens a field only at its start, and
    ``""`` inside one is a quote."""
    quoted = False
    field_start = True
    opened = None
    for number, line in enumerate(lines, first):
        i = 0
        while i < len(line):
            c = line[i]
            if quoted:
                if c == '"':
                    if line.startswith('"', i + 1):
                        i += 1
                    else:
                        quoted = False
            elif c == '"' and field_start:
                quoted, opened = True, number
            field_start = not quoted and c in (delimiter, "\r", "\n")
            i += 1
    return opened if quoted else None


def _document_from_row(
    origin: str,
    row: list[str],
    index: dict[str, int],
    settings: Settings,
    line: int,
    warnings: list[str] | None = None,
) -> Document | IngestError:
    def cell(name: str) -> str | None:
        i = index.get(name)
        return row[i] if i is not None and i < len(row) else None

    return make_document(
        origin,
        cell(settings.text_field) or "",
        settings,
        date_value=cell(settings.date_field),
        line=line,
        title=cell(settings.title_field),
        source=cell(settings.source_field),
        url=cell(settings.url_field),
        lang=cell(settings.lang_field),
        warnings=warnings,
    )


def iter_tsv(origin: str, data: bytes, settings: Settings) -> Iterator[Document | IngestError]:
    yield from iter_csv(origin, data, settings, delimiter="\t")


# ---------------------------------------------------------------- streaming from a file

_CHUNK = 1 << 20
_REPLACED = b"\xef\xbf\xbd"  # U+FFFD in UTF-8


def iter_tabular_file(
    fmt: str, origin: str, handle: BinaryIO, settings: Settings
) -> Iterator[Document | IngestError]:
    """JSON Lines or CSV/TSV read from ``handle`` a line at a time, so memory follows the
    longest record, not the file (a million-line JSONL read whole peaked at 946 MB). Such a
    file may be larger than ``max_bytes``; a single line over it is refused.

    The file is first scanned once, in chunks, for what the whole-file readers decide on all
    of it (NUL bytes, UTF-8 validity); a file that must be decoded whole (a BOM, a JSON array,
    a legacy charset, CSV with invalid bytes) is read whole as before, up to ``max_bytes``."""
    if not _streamable(fmt, origin, handle):
        handle.seek(0)
        data = handle.read(settings.max_bytes + 1)
        if len(data) > settings.max_bytes:
            yield too_large(origin, os.fstat(handle.fileno()).st_size, settings)
            return
        yield from reader(fmt)(origin, data, settings)
        return
    handle.seek(0)
    if fmt == "jsonl":
        lines = _decoded_lines(_binary_lines(handle, settings.max_bytes))
        yield from _iter_lines(origin, lines, settings)
        return
    header = handle.readline(settings.max_bytes).decode("utf-8", errors="replace")
    delimiter = "\t" if fmt == "tsv" else _delimiter(header)
    handle.seek(0)
    _allow_long_fields(settings.max_bytes)
    text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
    try:
        yield from _iter_rows(origin, _Lines(text), settings, delimiter, [])
    finally:
        text.detach()  # the caller closes the file


def _binary_lines(handle: BinaryIO, limit: int) -> Iterator[bytes | IngestError]:
    """Lines without their ``\\n``; a line over ``limit`` bytes is an error, skipped unread."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            size = len(line)
            while not line.endswith(b"\n"):
                line = handle.readline(_CHUNK)
                if not line:
                    break
                size += len(line)
            yield IngestError(
                "", f"a line of {size:,} bytes, over max_bytes ({limit:,}); split the record "
                "or raise --max-bytes"
            )  # fmt: skip
            continue
        yield line[:-1] if line.endswith(b"\n") else line


def _streamable(fmt: str, origin: str, handle: BinaryIO) -> bool:
    """Whether the whole-file reader would read this file line by line anyway: UTF-8 JSON
    Lines (NUL bytes and a few invalid sequences are errors of their own lines), CSV that is
    valid UTF-8. Reads the file once in chunks."""
    head = handle.read(_CHUNK)
    if not head or head.startswith(BOMS):
        return False
    lines_only = origin.lower().endswith((".jsonl", ".ndjson"))
    if fmt == "jsonl" and not lines_only and head.lstrip().startswith(b"["):
        return False
    decoder = codecs.getincrementaldecoder("utf-8")("replace")
    nul = False
    replaced = non_ascii = literal = 0
    tail = b""
    chunk = head
    while chunk:
        nul = nul or b"\x00" in chunk
        text = decoder.decode(chunk)
        replaced += text.count("\ufffd")
        non_ascii += len(text) - len(text.encode("ascii", errors="ignore"))
        literal += (tail + chunk).count(_REPLACED)
        tail = chunk[-2:]
        chunk = handle.read(_CHUNK)
    text = decoder.decode(b"", final=True)
    replaced += text.count("\ufffd")
    non_ascii += len(text)
    bad = replaced - literal  # as base._replaced_utf8 counts them
    if fmt != "jsonl":
        return not nul and bad == 0
    return nul or bad == 0 or non_ascii - bad - literal >= bad
