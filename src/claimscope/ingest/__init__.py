"""Ingest: files, folders and stdin in every supported format -> Documents.

Contract (used by the ledger and the CLI):

    iter_documents(paths, settings) -> Iterator[Document | IngestError]

yields one Document per article found, or one IngestError per file, line or record that could
not be read; a failure never stops the iteration.

Formats: the seed format (``date YYYY-MM[-DD]`` then the text) and plain text, HTML, JSON Lines
and CSV/TSV with configurable field names, RSS/Atom feeds and WARC archives. The extension picks
the format; without a known one (and on stdin) the first bytes do.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Iterable, Iterator

from claimscope.errors import IngestError
from claimscope.ingest.base import (
    REFUSED_SUFFIXES,
    WARC_MAGIC,
    format_of,
    guarded,
    iter_bytes,
    parse_date,
    reader,
    sniff,
    too_large,
)
from claimscope.model import Document
from claimscope.settings import Settings

__all__ = [
    "STDIN",
    "iter_bytes",
    "iter_documents",
    "iter_file",
    "iter_paths",
    "iter_stdin",
    "parse_date",
]

logger = logging.getLogger(__name__)

STDIN = "<stdin>"  # the origin of documents read from "-"


def iter_documents(paths: Iterable[str], settings: Settings) -> Iterator[Document | IngestError]:
    """Every document in ``paths``: files, folders (recursively, sorted, hidden entries skipped)
    and ``-`` for stdin."""
    if isinstance(paths, str):  # a lone path would otherwise be read character by character
        paths = [paths]
    for path in iter_paths(paths):
        if isinstance(path, IngestError):
            yield path
        elif path == "-":
            yield from iter_stdin(settings)
        else:
            yield from iter_file(path, settings)


def iter_paths(paths: Iterable[str]) -> Iterator[str | IngestError]:
    """Files to read, in order: folders walked depth-first with names sorted, dot-names skipped.

    A path given by name is always returned, hidden or missing (iter_file reports it); only the
    walk skips hidden entries, which are editor, VCS and OS droppings, not articles. A pipe,
    socket or device met in the walk is an error: opening a FIFO waits for a writer forever.
    """
    for path in paths:
        if path == "-" or not os.path.isdir(path):
            yield path
            continue
        errors: list[OSError] = []
        for root, dirs, files in os.walk(path, onerror=errors.append):
            yield from _folder_errors(errors, path)
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if not name.startswith("."):
                    file = os.path.join(root, name)
                    yield _not_regular(file) or file
        yield from _folder_errors(errors, path)


def _folder_errors(errors: list[OSError], path: str) -> Iterator[IngestError]:
    while errors:
        error = errors.pop(0)
        yield IngestError(str(error.filename or path), f"cannot read folder: {error.strerror}")


def _not_regular(path: str) -> IngestError | None:
    """An error for a FIFO, socket or device: reading one blocks until a writer comes, or never
    ends (/dev/zero), so it is refused before it is opened. Missing files are iter_file's."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = (
        "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
        else "a socket" if stat.S_ISSOCK(mode)
        else "a device"
    )  # fmt: skip
    return IngestError(
        path, f"not a regular file ({kind}), not read; give a file, or pipe it in as -"
    )


def iter_file(path: str, settings: Settings) -> Iterator[Document | IngestError]:
    """Documents in one file. WARCs, JSON Lines and CSV/TSV are streamed; other files over
    ``max_bytes`` are refused before they are read, and so are pipes, sockets and devices."""
    refused = _not_regular(path)
    if refused is not None:
        yield refused
        return
    fmt = format_of(path)
    suffix = os.path.splitext(path)[1].lower()
    if fmt is None and suffix in REFUSED_SUFFIXES:
        yield IngestError(
            path, f"{suffix} files are not supported; convert to text, HTML, JSONL or CSV first"
        )
        return
    try:
        with open(path, "rb") as handle:
            if fmt is None:
                fmt = "warc" if handle.read(5).startswith(WARC_MAGIC) else None
                handle.seek(0)
            if fmt == "warc":
                from claimscope.ingest.warc import iter_warc  # loaded only when a WARC turns up

                yield from guarded(path, iter_warc(path, handle, settings))
                return
            if fmt in ("jsonl", "csv", "tsv"):
                from claimscope.ingest.tabular import iter_tabular_file

                yield from guarded(path, iter_tabular_file(fmt, path, handle, settings))
                return
            size = os.fstat(handle.fileno()).st_size
            if size > settings.max_bytes:
                yield too_large(path, size, settings)
                return
            # A size of 0 may be a pipe or /proc file that reports none: read at most the limit.
            data = handle.read() if size else handle.read(settings.max_bytes + 1)
    except FileNotFoundError:
        yield IngestError(path, "no such file or folder")
        return
    except OSError as e:
        yield IngestError(path, f"cannot read: {e.strerror or e}")
        return
    if len(data) > settings.max_bytes:
        yield too_large(path, len(data), settings)
        return
    fmt = fmt or sniff(data, settings)
    yield from guarded(path, reader(fmt)(path, data, settings))


def iter_stdin(settings: Settings) -> Iterator[Document | IngestError]:
    """Documents on stdin, format sniffed. A WARC is streamed; anything else is read up to
    ``max_bytes``."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        yield IngestError(STDIN, "no standard input to read (is it closed or in text mode?)")
        return
    try:
        peek = getattr(stream, "peek", None)
        if peek is not None and peek(5)[:5].startswith(WARC_MAGIC):
            from claimscope.ingest.warc import iter_warc

            yield from guarded(STDIN, iter_warc(STDIN, stream, settings))
            return
        data = stream.read(settings.max_bytes + 1)
    except OSError as e:
        yield IngestError(STDIN, f"cannot read: {e.strerror or e}")
        return
    yield from iter_bytes(STDIN, data, settings)
