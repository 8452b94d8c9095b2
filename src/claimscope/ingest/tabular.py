"""Records with named fields: JSON Lines (or a JSON array) and CSV/TSV.

Field names come from settings (``text_field``, ``date_field`` ...), so a record source with other
names needs no code. Each record is a document or an error on its own line; one bad line never
costs the others.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from claimscope.errors import IngestError
from claimscope.ingest.base import decode, make_document
from claimscope.model import Document
from claimscope.settings import Settings

_JSON_TYPES = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    return _JSON_TYPES.get(type(value), "a number")


def _missing_text(kind: str, field: str, names: Sequence[str], values: Mapping[str, Any]) -> str:
    """``no "text" field (found: title, body); use --text-field body``: suggest the longest."""
    found = ", ".join(names) if names else "nothing"
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
    try:
        text = decode(origin, data)
    except IngestError as e:
        yield e
        return
    lines_only = origin.lower().endswith((".jsonl", ".ndjson"))
    if not lines_only and text.lstrip().startswith("["):
        yield from _iter_json_array(origin, text, settings)
        return
    # Split on "\n" only: str.splitlines() would also break at U+2028, which JSON allows raw
    # inside strings.
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line.isspace():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield IngestError(
                origin, f"not valid JSON: {e.msg} at column {e.colno}; each line must be "
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
        yield IngestError(origin, f"not valid JSON: {e.msg} at column {e.colno}", e.lineno)
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
    try:
        text = decode(origin, data)
    except IngestError as e:
        yield e
        return
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = "\t" if "\t" in first else ","
    _allow_long_fields(settings.max_bytes)
    # newline="" hands line ends to the csv module, which keeps newlines inside quoted fields.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
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
        if len(row) > len(names):
            yield IngestError(
                origin, f"{len(row)} fields but the header has {len(names)}; quote fields "
                f"that contain {'a tab' if delimiter == chr(9) else 'the delimiter'}", start,
            )  # fmt: skip
            continue
        yield _document_from_row(origin, row, index, settings, start)


def _document_from_row(
    origin: str, row: list[str], index: dict[str, int], settings: Settings, line: int
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
    )


def iter_tsv(origin: str, data: bytes, settings: Settings) -> Iterator[Document | IngestError]:
    yield from iter_csv(origin, data, settings, delimiter="\t")
