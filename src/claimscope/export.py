"""Writers of claim records (JSONL, CSV, Parquet). The records themselves are made by
:mod:`claimscope.records`."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from .errors import ExportError
from .processes import process_exists

log = logging.getLogger(__name__)

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
    if isinstance(out, Path):
        return export_file(records, fmt, out)
    writer = write_jsonl if fmt == "jsonl" else write_csv
    try:
        return writer(records, out)
    except BrokenPipeError:  # the reader stopped (`| head`): the CLI ends quietly
        raise
    except OSError as e:  # e.g. standard output on a full disk
        raise ExportError(f"{getattr(out, 'name', 'output')}: export failed: {_reason(e)}") from e


# The files of an SQLite ledger besides the database itself: an export written over any of them
# would lose or corrupt the ledger.
LEDGER_SIDE_FILES = ("", "-wal", "-shm", "-journal")


def export_file(
    records: Iterable[dict[str, Any]], fmt: str, path: Path, *, keep: Iterable[str] = ()
) -> int:
    """Write ``records`` in ``fmt`` to the file ``path``; returns the count.

    The export goes to a temporary file in the target's folder, renamed over ``path`` only when
    complete: a failed export leaves no partial file and the previous one as it was. A device
    (``/dev/null``) is written directly. ``keep`` names files that must not be overwritten (the
    ledger being exported, whose -wal and -shm files are kept too, under any name or link).
    Raises :class:`ExportError` naming ``path``.
    """
    target = _target(path, fmt, keep)
    if target.exists() and not target.is_file():
        return _write_direct(records, fmt, path, target)
    existed = target.exists()
    _remove_stale(target)
    tmp = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        try:
            # O_EXCL: never follow or reuse someone else's file; 0o666 minus the umask, as
            # open() would give a new file.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as e:
            raise ExportError(f"{path}: cannot write in {target.parent}: {_reason(e)}") from e
        try:
            if fmt == "parquet":
                os.close(fd)
                n = write_parquet(records, tmp)
            else:
                with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
                    n = (write_jsonl if fmt == "jsonl" else write_csv)(records, fh)
            _fsync(tmp)
            if existed:
                os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
            os.replace(tmp, target)
        except OSError as e:
            left = "the previous file is left as it was" if existed else "nothing was written"
            raise ExportError(f"{path}: export failed: {_reason(e)}; {left}") from e
    finally:
        if tmp.exists():
            tmp.unlink()
    return n


def _remove_stale(target: Path) -> None:
    """Delete the temporary files that exports to ``target`` left when their process was killed
    (kill -9, a power cut: no ``finally`` ran). Only files named as :func:`export_file` names
    them, of a process that no longer exists; one of a running export is left alone."""
    pattern = re.compile(rf"^\.{re.escape(target.name)}\.(\d+)\.[0-9a-f]{{8}}\.tmp$")
    try:
        names = [e.name for e in os.scandir(target.parent)]
    except OSError:
        return  # the write itself will say what is wrong with the folder
    for name in names:
        m = pattern.match(name)
        if m and not process_exists(int(m.group(1))):
            try:
                (target.parent / name).unlink(missing_ok=True)
            except OSError as e:  # not ours to remove: said, and the export goes on
                log.warning("%s: cannot remove a killed export's file: %s", name, _reason(e))


def _target(path: Path, fmt: str, keep: Iterable[str]) -> Path:
    """The file that ``path`` names (symlinks followed), checked to be writable there."""
    if path.is_dir():
        raise ExportError(f"{path}: is a folder; give a file name, e.g. {path / ('claims.' + fmt)}")
    target = path.resolve()
    if not target.parent.is_dir():
        raise ExportError(f"{path}: folder {target.parent} does not exist")
    for ledger in keep:
        if "://" in ledger:  # a server's store, not a file
            continue
        for suffix in LEDGER_SIDE_FILES:
            guarded = Path(ledger + suffix)
            same = target == guarded.resolve() or (
                target.exists() and guarded.exists() and os.path.samefile(target, guarded)
            )
            if same:
                what = f"the {suffix[1:]} file of the ledger" if suffix else "the ledger"
                raise ExportError(
                    f"{path}: is {what} {ledger}; the export would destroy it; "
                    "write it to another file"
                )
    return target


def _write_direct(records: Iterable[dict[str, Any]], fmt: str, path: Path, target: Path) -> int:
    try:
        if fmt == "parquet":
            return write_parquet(records, target)
        with open(target, "w", encoding="utf-8", newline="") as fh:
            return (write_jsonl if fmt == "jsonl" else write_csv)(records, fh)
    except OSError as e:
        raise ExportError(f"{path}: export failed: {_reason(e)}") from e


def _fsync(path: Path) -> None:
    """Flush ``path`` to disk before it replaces the old file (else a crash may leave an empty
    file where the old one was)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _reason(e: OSError) -> str:
    return e.strerror or str(e)


def records_to_string(records: Iterable[dict[str, Any]], fmt: str) -> str:
    buf = io.StringIO()
    export(records, fmt, buf)
    return buf.getvalue()
