"""WARC archives: only 200 HTML responses become documents; a corrupt record is skipped."""

from __future__ import annotations

import io
import sys

import pytest

from claimscope.ingest import iter_bytes, iter_documents
from claimscope.settings import Settings

PARAGRAPHS = [
    "Russia's defence ministry said on Tuesday that some units were returning to their bases "
    "after exercises near the Ukrainian border, and released video of tanks loaded onto trains.",
    "Ukraine's foreign minister said Kyiv would believe in a withdrawal only when it saw one.",
]


@pytest.fixture
def crawl(warc, html_page):
    """build(gzip) -> a WARC with a warcinfo, one good page, one image, one 404, one undated page."""
    response, build = warc

    def _build(gzip: bool) -> bytes:
        def records(writer):
            writer.write_record(writer.create_warcinfo_record("crawl.warc", {"software": "test"}))
            page = html_page("Russia says troops pull back", PARAGRAPHS, canonical=None)
            response(writer, "https://news.example/pullback", page.encode())
            response(
                writer, "https://news.example/logo.png", b"\x89PNG\r\n", content_type="image/png"
            )
            response(
                writer,
                "https://news.example/gone",
                b"<html>Not found</html>",
                status="404 Not Found",
            )
            undated = html_page("Talks go on", PARAGRAPHS[1:] * 2, date=None, canonical=None)
            response(
                writer,
                "https://news.example/talks",
                undated.encode(),
                warc_date="2022-02-16T07:00:00Z",
            )

        return build(records, gzip=gzip)

    return _build


@pytest.mark.parametrize(("name", "gzip"), [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_ingest_warc_reads_only_html_200_responses(write, read, crawl, name, gzip):
    path = write(name, crawl(gzip))
    (page, talks), errors = read(path)
    assert errors == []
    assert page.origin == f"{path}#2" and talks.origin == f"{path}#5"
    assert "returning to their bases" in page.text
    assert page.title == "Russia says troops pull back"
    assert page.url == "https://news.example/pullback"
    assert (page.date, page.date_precision) == ("2022-02-15", "day")
    # No date in the page: the WARC-Date, to the second.
    assert (talks.date, talks.date_precision) == ("2022-02-16T07:00:00+00:00", "timestamp")


def test_ingest_warc_may_exceed_max_bytes_but_its_pages_may_not(write, read, crawl):
    path = write("crawl.warc", crawl(False))
    docs, errors = read(path, max_bytes=600)
    assert docs == []
    assert {e.origin for e in errors} == {f"{path}#2", f"{path}#5"}
    assert all("max_bytes" in e.reason for e in errors)


@pytest.mark.parametrize("gzip", [False, True])
def test_ingest_warc_corrupt_record_is_skipped(write, read, warc, html_page, gzip):
    response, build = warc
    page = html_page("Russia says troops pull back", PARAGRAPHS).encode()
    records = [
        build(lambda w, n=n: response(w, f"https://news.example/{n}", page), gzip=gzip)
        for n in range(3)
    ]
    if gzip:  # damage the compressed data of the second record
        broken = bytearray(records[1])
        broken[40:60] = bytes(b ^ 0xFF for b in broken[40:60])
        records[1] = bytes(broken)
    else:  # the second record's header is overwritten
        records[1] = b"XYZ garbage\r\n" + records[1][20:]
    path = write("damaged.warc" + (".gz" if gzip else ""), b"".join(records))
    docs, (error,) = read(path)
    assert [d.url for d in docs] == ["https://news.example/0", "https://news.example/2"]
    assert error.origin == f"{path}#2" and "corrupt WARC record" in error.reason
    assert "resuming" in error.reason


@pytest.mark.parametrize(
    ("content", "words"),
    [("Dit is geen WARC-bestand maar gewone tekst.\n", "not a WARC file"), ("", "empty WARC")],
)
def test_ingest_not_a_warc_is_an_error(write, read, content, words):
    path = write("notes.warc", content)
    docs, (error,) = read(path)
    assert docs == [] and error.origin == str(path) and words in error.reason


def test_ingest_warc_from_bytes_and_stdin(crawl, monkeypatch):
    data = crawl(True)
    docs = list(iter_bytes("<stdin>", data, Settings()))
    assert [d.origin for d in docs] == ["<stdin>#2", "<stdin>#5"]
    stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(data)))
    monkeypatch.setattr(sys, "stdin", stdin)
    docs = list(iter_documents(["-"], Settings()))
    assert [d.url for d in docs] == ["https://news.example/pullback", "https://news.example/talks"]
