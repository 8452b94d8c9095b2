"""Issue 11: bad input is read right or refused with its file and line; never stored silently
wrong, never a hang.

Each row of CASES is one bad (or nearly bad) input and what ingest must make of it: the documents
stored (a piece of their text, a warning they carry) and the errors (where, and why).
"""

from __future__ import annotations

import io
import os
import threading
import time
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimscope import analyze_text
from claimscope.errors import IngestError
from claimscope.ingest import iter_documents
from claimscope.ledger import Ledger
from claimscope.model import Document
from claimscope.resources import Resources
from claimscope.settings import Settings

NL = (
    "De Oekraïense minister van Buitenlandse Zaken zei dinsdag dat Kyiv pas in een terugtrekking "
    "gelooft als het die ziet. Volgens een woordvoerder van het ministerie is de situatie aan de "
    "grens niet veranderd, en wordt er één nieuw gesprek voorbereid."
)
RU = (
    "Министерство обороны России заявило во вторник, что часть войск возвращается в места "
    "постоянной дислокации после учений. Представитель ведомства сказал, что учения завершены."
)
EN = (
    "Ukraine's foreign minister said on Tuesday that Kyiv would believe a Russian withdrawal "
    "only when it saw one, and the defence ministry said it saw no sign of it."
)
EN2 = (
    "A spokesman for the regional governor said that two bridges near the border had been "
    "closed to traffic for repairs, and that the roads would reopen next week."
)


def _page(title: str, body: str, charset: str) -> bytes:
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="{charset}"><title>{title}</title>'
        f"</head><body><article><h1>{title}</h1><p>{body}</p><p>{body}</p></article></body></html>"
    ).encode()


def _warc_gz(*pages: tuple[str, str]) -> tuple[bytes, int]:
    """A .warc.gz of a warcinfo and one response per page, and the offset of its last record."""
    out = io.BytesIO()
    last = 0
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    for url, body in pages:
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        page = _page("Kyiv", body, "utf-8")
        last = out.tell()
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(page), http_headers=http)
        )
    return out.getvalue(), last


def _truncated_warc(kept: float = 0.5) -> tuple[bytes, int]:
    """warcinfo (#1), a whole page (#2), and a page (#3) whose gzip member is cut after ``kept``
    of its bytes: at 0.5 in its headers (warcio then yields no record), at 0.9 in its body
    (warcio yields the page half-length)."""
    whole, last = _warc_gz(("https://news.example/a", EN), ("https://news.example/b", EN2 * 20))
    return whole[: last + int((len(whole) - last) * kept)], last


def _one_bad_byte() -> bytes:
    data = f"date 2022-02-15\n{NL}\n{NL}\n".encode()
    cut = data.index(b"dinsdag")
    return data[:cut] + b"\xff" + data[cut:]


FIFO = object()  # a named pipe instead of file content

# (files to write: name -> bytes or FIFO, names to read (None: the folder),
#  documents expected in order: (origin in the folder, text contains, a warning contains or None),
#  errors expected in order: (where in the folder, reason contains))
CASES = [
    pytest.param(
        {"nl.txt": _one_bad_byte()},
        None,
        [("nl.txt", "De Oekraïense minister", "not valid UTF-8")],
        [],
        id="utf8-with-one-invalid-byte",
    ),
    pytest.param(
        {"nl.txt": f"date 2022-02-15\n{NL}".encode("latin-1")},
        None,
        [("nl.txt", "De Oekraïense minister van Buitenlandse Zaken", None)],
        [],
        id="latin1-dutch-still-detected",
    ),
    pytest.param(
        {"ru.txt": f"date 2022-02-15\n{RU}".encode("cp1251")},
        None,
        [("ru.txt", "Министерство обороны России", None)],
        [],
        id="cp1251-russian-still-detected",
    ),
    pytest.param(
        {"nl.html": _page("Oekraïense grens", NL, "windows-1250")},
        None,
        [("nl.html", "De Oekraïense minister", None)],
        [],
        id="html-meta-charset-contradicts-utf8",
    ),
    pytest.param(
        {
            "nl.html": _page("Oekraïense grens", NL, "windows-1250").replace(
                b"dinsdag", b"\xffdinsdag"
            )
        },
        None,
        [("nl.html", "De Oekraïense minister", "not valid UTF-8")],
        [],
        id="html-meta-charset-contradicts-utf8-with-one-invalid-byte",
    ),
    pytest.param(
        {"crawl.warc.gz": _truncated_warc()[0]},
        None,
        [("crawl.warc.gz#2", EN[:40], None)],
        [("crawl.warc.gz#3", "truncated")],
        id="warc-gz-cut-in-last-record-headers",
    ),
    pytest.param(
        {"crawl.warc.gz": _truncated_warc(0.9)[0]},
        None,
        [("crawl.warc.gz#2", EN[:40], None)],
        [("crawl.warc.gz#3", "truncated")],
        id="warc-gz-cut-in-last-page-body",
    ),
    pytest.param(
        {"crawl.warc.gz": _warc_gz(("https://news.example/a", EN))[0][:-5]},
        None,
        [],
        [("crawl.warc.gz#2", "truncated")],
        id="warc-gz-cut-in-last-gzip-trailer",
    ),
    pytest.param(
        {
            "feed.csv": (
                f'date,title,text\n2022-02-15,Kyiv,"{EN}"\n2022-02-16,Border,"{EN2}"\n'
                f'2022-02-17,Talks,"{EN}\n2022-02-18,Bridges,{EN2}\n'
            ).encode()
        },
        None,
        [("feed.csv:2", EN[:40], None), ("feed.csv:3", EN2[:40], None)],
        [("feed.csv:4", "quote")],
        id="csv-unclosed-quote-at-end",
    ),
    pytest.param(
        {
            "feed.jsonl": (
                f'{{"text": "{EN}", "date": "2022-02-15"}}\n'
                f'{{"text": "{EN2}\x00", "date": "2022-02-16"}}\n'
                f'{{"text": "{NL}", "date": "2022-02-17"}}\n'
            ).encode()
        },
        None,
        [("feed.jsonl:1", EN[:40], None), ("feed.jsonl:3", NL[:40], None)],
        [("feed.jsonl:2", "NUL")],
        id="jsonl-line-with-nul",
    ),
    pytest.param(
        {
            "feed.jsonl": f'{{"text": "{NL}"}}\n'.encode()
            + f'{{"text": "{NL}"}}\n'.encode("latin-1")
            + f'{{"text": "{RU}"}}\n'.encode()
        },
        None,
        [("feed.jsonl:1", NL[:40], None), ("feed.jsonl:3", RU[:40], None)],
        [("feed.jsonl:2", "not UTF-8")],
        id="jsonl-one-line-not-utf8",
    ),
    pytest.param(
        {"feed.jsonl": f'{{"text": "{NL}"}}\n{{"text": "{EN}"}}\n'.encode("cp1252")},
        None,
        [("feed.jsonl:1", NL[:40], None), ("feed.jsonl:2", EN[:40], None)],
        [],
        id="jsonl-all-cp1252-still-detected",
    ),
    pytest.param(
        {"a.txt": f"date 2022-02-15\n{EN}".encode(), "b-pipe.txt": FIFO},
        None,
        [("a.txt", EN[:40], None)],
        [("b-pipe.txt", "not a regular file")],
        id="fifo-in-folder",
    ),
    pytest.param(
        {"pipe.txt": FIFO},
        ["pipe.txt"],
        [],
        [("pipe.txt", "not a regular file")],
        id="fifo-given-by-name",
    ),
]


def _unblock(fifos: list[Path], stop: threading.Event) -> None:
    """Open each FIFO for writing after a while, so a reader stuck on it gets EOF: a test of a
    hang fails instead of hanging."""
    if stop.wait(5):
        return
    for fifo in fifos:
        try:
            fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # no reader waiting: nothing to unblock
            continue
        os.close(fd)


@pytest.mark.parametrize(("files", "names", "documents", "errors"), CASES)
def test_reliability_ingest_bad_input(tmp_path, files, names, documents, errors):
    folder = tmp_path / "in"
    folder.mkdir()
    fifos = []
    for name, content in files.items():
        if content is FIFO:
            os.mkfifo(folder / name)
            fifos.append(folder / name)
        else:
            (folder / name).write_bytes(content)
    stop = threading.Event()
    watchdog = threading.Thread(target=_unblock, args=(fifos, stop), daemon=True)
    watchdog.start()
    try:
        paths = [str(folder / n) for n in names] if names else [str(folder)]
        items = list(iter_documents(paths, Settings()))
    finally:
        stop.set()
        watchdog.join()
    docs = [i for i in items if isinstance(i, Document)]
    errs = [i for i in items if isinstance(i, IngestError)]
    assert [e.where for e in errs] == [str(folder / w) for w, _ in errors], errs
    for error, (_, reason) in zip(errs, errors, strict=True):
        assert reason in error.reason
    assert [d.origin for d in docs] == [str(folder / o) for o, _, _ in documents], errs
    for doc, (_, text, warning) in zip(docs, documents, strict=True):
        assert text in doc.text
        if warning is None:
            assert doc.warnings == [] and "\ufffd" not in doc.text
        else:
            assert any(warning in w for w in doc.warnings), doc.warnings


def test_reliability_ingest_invalid_byte_is_replaced_and_located(tmp_path):
    data = _one_bad_byte()
    path = tmp_path / "nl.txt"
    path.write_bytes(data)
    (doc,) = list(iter_documents([str(path)], Settings()))
    assert isinstance(doc, Document)
    assert doc.text.count("\ufffd") == 1
    assert doc.text.replace("\ufffd", "") == f"{NL}\n{NL}\n"
    bad_at = data.index(b"\xff")
    assert f"byte {bad_at}" in doc.warnings[0]


def test_reliability_ingest_decode_warning_reaches_the_run_report(tmp_path):
    path = tmp_path / "nl.txt"
    path.write_bytes(_one_bad_byte())
    with Ledger(tmp_path / "ledger.db") as ledger:
        report = ledger.analyze([path], assess=False)
    assert report.new == 1 and report.failed == []
    (warning,) = report.warnings
    assert warning.startswith(f"{path}: not valid UTF-8 at 1 place (first at byte ")


def test_reliability_ingest_truncated_warc_names_its_record_offset(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    data, last_record = _truncated_warc()
    path.write_bytes(data)
    items = list(iter_documents([str(path)], Settings()))
    (error,) = [i for i in items if isinstance(i, IngestError)]
    assert error.where == f"{path}#3"
    assert f"byte {last_record}" in error.reason


def test_reliability_ingest_long_token_is_not_quadratic():
    """One 300 kB "word" (a pasted blob) took about 45 s in the word-list lookups (1 MB: 113 s);
    the sentences around it must still yield their claims, in seconds."""
    resources = Resources()  # loaded once, outside the timing
    reference = analyze_text(f"{EN}\n\n{EN2}", date="2022-02-15", lang="en", resources=resources)
    assert reference.claims
    blob = "a" * 300_000
    text = f"{EN}\n\n{blob}\n\n{EN2}"
    started = time.perf_counter()
    doc = analyze_text(text, date="2022-02-15", lang="en", resources=resources)
    elapsed = time.perf_counter() - started
    assert elapsed < 20, f"{elapsed:.1f} s"
    assert [doc.text[c.start : c.end] for c in doc.claims] == [
        reference.text[c.start : c.end] for c in reference.claims
    ]


def test_reliability_ingest_cli_prints_the_warning_of_a_stored_document(tmp_path):
    """A document stored with a repair (one stray byte read as U+FFFD) says so in the run's
    summary, without -v."""
    import subprocess
    import sys

    article = tmp_path / "stray.txt"
    article.write_bytes(
        "date 2022-02-16\nDe Oekraïense minister zei dinsdag dat de troepen ".encode()
        + b"\xff"
        + b" nog niet zijn teruggetrokken uit Belarus."
    )
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimscope",
            "analyze",
            str(article),
            "--db",
            str(tmp_path / "l.db"),
            "-q",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 new" in proc.stderr
    (line,) = [ln for ln in proc.stderr.splitlines() if ln.startswith("warning:")]
    assert "stray.txt" in line and "U+FFFD" in line
