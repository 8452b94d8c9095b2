"""Writers of claim records (JSONL, CSV, Parquet). The records themselves are made by
:mod:`claimscope.records`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

FORMATS = ("jsonl", "csv", "parquet")

# Flat columns for CSV and Parquet; the full record is kept as JSON in the last column so that
# nothing is lost in a tabular export.
FLAT_COLUMNS = (
    "id", "doc_id", "doc_date", "lang", "claimant", "claimant_entity_id", "source_type", "cue",
    "mode", "evidence", "event_type", "event_mode", "modality", "quantity", "places", "status",
    "situation_id", "text", "start", "end", "record",
)  # fmt: skip


def flat_row(rec: dict[str, Any]) -> dict[str, Any]:
    """One CSV/Parquet row of a claim record."""
    prop = rec["proposition"]
    qty = prop.get("quantity") or {}
    return {
        "id": rec["id"],
        "doc_id": rec["doc_id"],
        "doc_date": rec.get("doc_date"),
        "lang": rec["lang"],
        "claimant": rec["claimant"]["name"],
        "claimant_entity_id": rec["claimant"].get("entity_id"),
        "source_type": rec["source_type"],
        "cue": rec.get("cue"),
        "mode": rec["mode"],
        "evidence": rec.get("evidence"),
        "event_type": prop["event_type"],
        "event_mode": prop.get("event_mode"),
        "modality": rec["modality"],
        "quantity": qty.get("value"),
        "places": "; ".join(p["name"] for p in prop.get("places") or []),
        "status": rec["status"],
        "situation_id": rec.get("situation_id"),
        "text": rec["text"],
        "start": rec["span"][0],
        "end": rec["span"][1],
        "record": json.dumps(rec, ensure_ascii=False),
    }


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) can send
# other cells to a server). OWASP "CSV Injection": prefix such a cell with a single quote. Only in
# CSV, which is opened in spreadsheets; JSONL and Parquet are data and keep the text as it is.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """``value`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    # Rows end in "\n". The writer is told "\r\n" all the same because it quotes only the
    # characters of its line terminator: a cell holding a lone carriage return (a CRLF article,
    # a hostile one) went out unquoted and a reader took it for the end of the row.
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=FLAT_COLUMNS, lineterminator="\r\n")

    def flush() -> None:
        out.write(buf.getvalue()[:-2] + "\n")
        buf.seek(0)
        buf.truncate()

    writer.writeheader()
    flush()
    n = 0
    for rec in records:
        writer.writerow({k: spreadsheet_safe(v) for k, v in flat_row(rec).items()})
        flush()
        n += 1
    return n


def write_parquet(records: Iterable[dict[str, Any]], path: Path, batch_size: int = 10_000) -> int:
    """Stream records into a Parquet file in batches, so memory stays flat on large ledgers."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [
            (
                c,
                pa.int64()
                if c in ("start", "end")
                else pa.float64()
                if c == "quantity"
                else pa.string(),
            )
            for c in FLAT_COLUMNS
        ]
    )
    n = 0
    with pq.ParquetWriter(str(path), schema) as writer:
        for batch in _batches((flat_row(r) for r in records), batch_size):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
        if n == 0:
            writer.write_table(pa.Table.from_pylist([], schema=schema))
    return n


def _batches(rows: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def export(records: Iterable[dict[str, Any]], fmt: str, out: Path | IO[str]) -> int:
    """Write ``records`` in ``fmt`` to a path or an open text stream; returns the count."""
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ValueError("parquet needs a file path (--out FILE)")
        return write_parquet(records, out)
    writer = write_jsonl if fmt == "jsonl" else write_csv
    if isinstance(out, Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return writer(records, fh)
    return writer(records, out)


def records_to_string(records: Iterable[dict[str, Any]], fmt: str) -> str:
    buf = io.StringIO()
    export(records, fmt, buf)
    return buf.getvalue()
