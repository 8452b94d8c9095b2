"""What every input format shares: dates with their precision, decoding bytes, building a Document.

The format modules (seed, text, html, tabular, feed, warc) import this module; it imports none of
them, so ``parse_date`` can be used without loading trafilatura, feedparser or warcio.
"""

from __future__ import annotations

import codecs
import importlib
import logging
import os
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

from claimscope.errors import DateError, IngestError, LimitError
from claimscope.lang.codes import parse_lang
from claimscope.model import Document
from claimscope.settings import Settings

logger = logging.getLogger(__name__)

DateValue = str | int | date | datetime | None
Reader = Callable[[str, bytes, Settings], Iterator[Document | IngestError]]

# Years before this are almost certainly a typo or an epoch default (0001-01-01, 1000-01-01); no
# newspaper article in scope predates it.
MIN_YEAR = 1800
# How far in the future a publication date may lie; a little slack covers time zones and
# embargoed or pre-dated issues, anything beyond is a typo.
MAX_FUTURE = timedelta(days=365)

_CALENDAR = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_HAS_TIME = re.compile(r"\d{4}-?\d{2}-?\d{2}[T ]\d{1,2}:?\d{2}")
_DATE_FORMS = "use YYYY, YYYY-MM, YYYY-MM-DD or an ISO 8601 timestamp such as 2022-02-15T10:00:00Z"

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
BOMS = tuple(bom for bom, _ in _BOMS)
# charset-normalizer drops candidates whose "chaos" (share of implausible characters) exceeds
# this; 0.2 is its own documented default for from_bytes(threshold=...).
_CHAOS_THRESHOLD = 0.2


class DateFormatError(DateError):
    """The value is in no form parse_date knows (as opposed to a known form with an absurd date);
    callers with a second opinion, such as feedparser's own parse, may try it."""


def parse_date(value: DateValue) -> tuple[str, str]:
    """Normalise a publication date and say how precise it is.

    Returns ``(value, precision)``: ``("2022", "year")``, ``("2022-02", "month")``,
    ``("2022-02-15", "day")`` or ``("2022-02-15T10:00:00+00:00", "timestamp")``. Accepts those
    forms (also with ``/`` or ``.`` separators, single-digit months and days, ``20220215``), ISO
    8601 and RFC 2822 timestamps, ``date``/``datetime`` objects and an int year.

    Raises DateError for anything unparseable or absurd (before 1800, more than a year ahead,
    month 13, 30 February), with a message that says which.
    """
    if isinstance(value, datetime):
        return _checked_timestamp(value, value.isoformat())
    if isinstance(value, date):
        _check_range(value, value.isoformat())
        return value.isoformat(), "day"
    if isinstance(value, int) and not isinstance(value, bool):
        return _calendar(str(value), value, None, None)
    if not isinstance(value, str):
        raise DateFormatError(f"date {value!r}: not a date ({type(value).__name__}); {_DATE_FORMS}")
    text = value.strip()
    if not text:
        raise DateFormatError(f"empty date; {_DATE_FORMS}")
    m = _CALENDAR.fullmatch(text)
    if m:
        year, month, day = m.groups()
        return _calendar(text, int(year), _int(month), _int(day))
    m = _COMPACT.fullmatch(text)
    if m:
        return _calendar(text, *(int(g) for g in m.groups()))
    if _HAS_TIME.match(text):
        try:
            return _checked_timestamp(datetime.fromisoformat(text), text)
        except ValueError as e:
            raise DateFormatError(f"date {text!r}: {e}") from None
    try:
        stamp = parsedate_to_datetime(text)  # RFC 2822, as in RSS and e-mail headers
    except (TypeError, ValueError, IndexError):
        raise DateFormatError(f"date {text!r}: not a date; {_DATE_FORMS}") from None
    return _checked_timestamp(stamp, text)


def _int(group: str | None) -> int | None:
    return int(group) if group is not None else None


def _calendar(text: str, year: int, month: int | None, day: int | None) -> tuple[str, str]:
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"date {text!r}: month {month} does not exist (1-12)")
    if day is not None:
        try:
            first = date(year, month or 1, day)
        except ValueError:
            raise DateError(
                f"date {text!r}: day {day} does not exist in {year:04d}-{month:02d}"
            ) from None
        _check_range(first, text)
        return first.isoformat(), "day"
    if year < 1:
        raise DateError(f"date {text!r}: year {year} does not exist")
    _check_range(date(year, month or 1, 1), text)
    if month is not None:
        return f"{year:04d}-{month:02d}", "month"
    return f"{year:04d}", "year"


def _checked_timestamp(stamp: datetime, text: str) -> tuple[str, str]:
    _check_range(stamp.date(), text)
    return stamp.isoformat(), "timestamp"


def _check_range(start: date, text: str) -> None:
    """``start`` is the first day the value can denote, so 2027 is judged by 2027-01-01."""
    if start.year < MIN_YEAR:
        raise DateError(f"date {text!r}: year {start.year} is before {MIN_YEAR}; is it a typo?")
    latest = datetime.now(UTC).date() + MAX_FUTURE
    if start > latest:
        raise DateError(
            f"date {text!r}: more than a year in the future (after {latest.isoformat()}); "
            "is it a typo?"
        )


def decode(
    origin: str,
    data: bytes,
    *,
    declared: str | None = None,
    warnings: list[str] | None = None,
) -> str:
    """Bytes to text: UTF-8 (BOM stripped) first, then ``declared``, then a confident detection.

    Bytes that are UTF-8 but for a few invalid sequences (:func:`mostly_utf8`) are read as UTF-8
    with U+FFFD in their place, and a warning saying where is appended to ``warnings`` (and
    logged): another charset would garble every correct letter to save one bad byte, and a
    contradicting ``declared`` charset is wrong about the rest of them.

    Raises IngestError for empty, binary and undetectable input. UTF-8 is tried first because it
    is what nearly all inputs are and decoding it costs nothing next to detection.
    """
    if not data:
        raise IngestError(origin, "empty file (0 bytes)")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            # UTF-16/32 text is full of NUL bytes, so it must be decoded before the binary test.
            try:
                return data.decode(codec).lstrip("\ufeff")
            except UnicodeDecodeError as e:
                raise IngestError(
                    origin, f"starts with a {codec} byte order mark but {e}"
                ) from None
    if b"\x00" in data:
        raise IngestError(
            origin, "binary file (contains NUL bytes), not text; give text, HTML, JSONL, CSV, "
            "RSS/Atom or WARC input"
        )  # fmt: skip
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        replaced = _replaced_utf8(data)
        if replaced is None:
            text = _detect(origin, data, declared, e)
        else:
            text, bad = replaced
            warning = (
                f"not valid UTF-8 at {bad} place{'s' if bad > 1 else ''} (first at byte "
                f"{e.start}: 0x{data[e.start]:02x}); read as UTF-8 with U+FFFD in "
                f"{'their' if bad > 1 else 'its'} place, check the text there"
            )
            logger.warning("%s: %s", origin, warning)
            if warnings is not None:
                warnings.append(warning)
    return text[1:] if text.startswith("\ufeff") else text


def _replaced_utf8(data: bytes) -> tuple[str, int] | None:
    """``(text, invalid sequences)`` if ``data`` is UTF-8 with a few invalid sequences, else None.

    A valid multi-byte sequence is strong evidence of UTF-8: in a legacy 8-bit text it needs a
    letter followed by a symbol byte (cp1252 "Ã©", latin-1 "Ã±"), which only mojibake writes; a
    cp1251 or latin-1 article has almost none against one invalid byte per accented or Cyrillic
    letter. So UTF-8 wins when its valid non-ASCII characters are at least as many as the
    invalid sequences; otherwise the bytes go to charset detection.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")  # less the U+FFFD in the input
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    valid = non_ascii - bad - data.count(b"\xef\xbf\xbd")
    return (text, bad) if bad > 0 and valid >= bad else None


def mostly_utf8(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8, or UTF-8 with a few invalid sequences."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return _replaced_utf8(data) is not None
    return True


def _detect(origin: str, data: bytes, declared: str | None, error: UnicodeDecodeError) -> str:
    if declared:
        try:
            text = data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            logger.debug("%s: declared charset %r does not decode it", origin, declared)
        else:
            logger.info("%s: not UTF-8, decoded as declared %s", origin, declared)
            return text
    from charset_normalizer import from_bytes  # imported here: only non-UTF-8 input needs it

    matches = from_bytes(data, threshold=_CHAOS_THRESHOLD)
    best = matches.best()
    if best is not None:
        # charset-normalizer cannot tell the Latin Windows code pages apart: French or Dutch news
        # in cp1252 comes back as cp1250, cp775 or iso8859_10, all with chaos 0.0 and garbled
        # accents (checked with 3.5 on 200-character paragraphs). The Latin-script languages of
        # the project (nl, en, de, fr) are cp1252's, and cp1251/koi8-r Cyrillic never ties with
        # it, so among equally plausible decodings cp1252 wins.
        for match in matches:
            if match.chaos == best.chaos and "cp1252" in match.could_be_from_charset:
                logger.info("%s: not UTF-8, decoded as detected cp1252", origin)
                return data.decode("cp1252")
    if best is None or best.encoding in ("utf_8", "utf_8_sig"):
        raise IngestError(
            origin,
            f"not UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}) and the encoding "
            "could not be detected with confidence; it may be binary. Convert it to UTF-8 first, "
            "e.g. iconv -f WINDOWS-1252 -t UTF-8",
        )
    logger.info("%s: not UTF-8, decoded as detected %s", origin, best.encoding)
    return str(best)


def normalise_lang(value: object, warnings: list[str] | None = None) -> str | None:
    """A declared language tag to its ISO 639 primary subtag (``nl-NL`` -> ``nl``), else None;
    a value that is no language tag is said in ``warnings`` (the language is then identified
    from the text)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    code = parse_lang(value) if isinstance(value, str) else None
    if code is None and warnings is not None:
        warnings.append(
            f"language {str(value)[:40]!r} is not an ISO 639 code; identified from the text"
        )
    return code


def _clean(value: object) -> str | None:
    if value is None:
        return None
    text = value.strip() if isinstance(value, str) else str(value).strip()
    return text or None


def make_document(
    origin: str,
    text: str,
    settings: Settings,
    *,
    date_value: DateValue = None,
    line: int | None = None,
    title: object = None,
    source: object = None,
    url: object = None,
    lang: object = None,
    warnings: list[str] | None = None,
) -> Document | IngestError:
    """The one place a Document is made, so every format refuses empty text and bad dates alike.

    ``origin`` names the file (or ``file#N`` for a record); with ``line`` the Document's origin
    becomes ``file:LINE`` and an error carries the line. ``warnings`` (from :func:`decode`) are
    kept on the Document. ``date_value`` None falls back to
    ``settings.default_date``.
    """
    if not text or text.isspace():
        return IngestError(origin, "no text (empty or only whitespace)", line)
    if len(text) > settings.max_chars:  # refused before it is queued for the pipeline
        return IngestError(origin, LimitError.too_long(len(text), settings.max_chars).args[0], line)
    if settings.min_chars > 1:
        chars = len("".join(text.split()))
        if chars < settings.min_chars:
            return IngestError(
                origin,
                f"text too short ({chars} non-space characters, min_chars is {settings.min_chars})",
                line,
            )
    if date_value is None or date_value == "":
        date_value = settings.default_date
    day: str | None = None
    precision: str | None = None
    if date_value is not None:
        try:
            day, precision = parse_date(date_value)
        except DateError as e:
            return IngestError(origin, str(e), line)
    warnings = list(warnings or ())
    code = normalise_lang(lang, warnings)
    return Document(
        text=text,
        date=day,
        date_precision=precision,
        lang=code,
        title=_clean(title),
        source=_clean(source),
        url=_clean(url),
        origin=f"{origin}:{line}" if line is not None else origin,
        warnings=warnings,
    )


# Dispatch. Format modules are imported on first use: a run over .txt files never loads
# trafilatura, feedparser or warcio, and parse_date alone loads none of them.
_READERS = {
    "text": ("text", "iter_text"),
    "html": ("html", "iter_html"),
    "jsonl": ("tabular", "iter_jsonl"),
    "csv": ("tabular", "iter_csv"),
    "tsv": ("tabular", "iter_tsv"),
    "feed": ("feed", "iter_feed"),
    "warc": ("warc", "iter_warc_bytes"),
}
_SUFFIXES = {
    ".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".tsv": "tsv",
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".warc": "warc",
}  # fmt: skip
# Formats people keep articles in that claimscope cannot read; refused by name, without reading.
REFUSED_SUFFIXES = frozenset({
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ods", ".epub", ".zip", ".7z",
    ".tar", ".tgz", ".bz2", ".xz", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff",
    ".mp3", ".mp4", ".wav", ".db", ".sqlite", ".parquet", ".pyc",
})  # fmt: skip
WARC_MAGIC = (b"\x1f\x8b", b"WARC/")
_SNIFF_BYTES = 4096
_HTML_ROOT = re.compile(rb"<(?:!doctype\s+html|html)[\s>]")
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:rdf)[\s>]")


def format_of(name: str) -> str | None:
    """The format a file name announces, or None when its content must be sniffed."""
    lower = name.lower()
    if lower.endswith((".warc.gz", ".warc.gzip")):
        return "warc"
    return _SUFFIXES.get(os.path.splitext(lower)[1])


def sniff(data: bytes, settings: Settings) -> str:
    """Guess the format of unnamed input (stdin, odd extensions) from its first bytes."""
    head = data[:_SNIFF_BYTES]
    if head.startswith(WARC_MAGIC):
        return "warc"
    probe = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if probe.startswith(b"<"):
        if not _HTML_ROOT.search(probe) and _FEED_ROOT.search(probe):
            return "feed"
        return "html"
    if probe.startswith((b"{", b"[")):
        return "jsonl"
    header = probe.split(b"\n", 1)[0]
    field = settings.text_field.lower().encode()
    for delimiter, name in ((b"\t", "tsv"), (b",", "csv")):
        if delimiter in header and field in (c.strip(b' "\r') for c in header.split(delimiter)):
            return name
    return "text"


def reader(fmt: str) -> Reader:
    """The function that reads a format, from its module."""
    module, function = _READERS[fmt]
    return getattr(importlib.import_module(f"claimscope.ingest.{module}"), function)


def guarded(
    origin: str, items: Iterator[Document | IngestError]
) -> Iterator[Document | IngestError]:
    """A reader's output, with an unexpected exception turned into one IngestError: a bug or a
    library crash on one file must not end the run."""
    try:
        yield from items
    except Exception as e:  # anything: the caller's loop must go on to the next file
        logger.warning("%s: reader failed", origin, exc_info=True)
        yield IngestError(origin, f"could not be read ({type(e).__name__}: {e})")


def iter_bytes(origin: str, data: bytes, settings: Settings) -> Iterator[Document | IngestError]:
    """Documents in ``data``, its format taken from ``origin``'s extension or sniffed."""
    fmt = format_of(origin) or sniff(data, settings)
    if fmt != "warc" and len(data) > settings.max_bytes:
        yield too_large(origin, len(data), settings)
        return
    yield from guarded(origin, reader(fmt)(origin, data, settings))


def too_large(origin: str, size: int, settings: Settings) -> IngestError:
    return IngestError(
        origin,
        f"{size:,} bytes, over max_bytes ({settings.max_bytes:,}); split it or raise max_bytes",
    )
