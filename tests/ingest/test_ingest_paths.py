"""iter_documents over files, folders and stdin: order, hidden entries, and failures that don't stop."""

from __future__ import annotations

import io
import json
import os
import sys

import pytest

from claimscope.errors import IngestError
from claimscope.ingest import iter_bytes, iter_documents
from claimscope.settings import Settings

BODY = "De woordvoerder van het ministerie zei dat de eenheden terugkeren naar hun bases."


def seed(day: str, body: str = BODY) -> str:
    return f"date {day}\n{body}"


def test_ingest_folder_is_walked_recursively_sorted_without_hidden(write, read, tmp_path):
    write("corpus/b.txt", seed("2022-02-02"))
    write("corpus/a.txt", seed("2022-02-01"))
    write("corpus/2022/03/c.txt", seed("2022-03-01"))
    write("corpus/2022/01/d.jsonl", json.dumps({"text": BODY, "date": "2022-01-05"}) + "\n")
    write("corpus/.hidden.txt", seed("2022-02-03"))
    write("corpus/.git/objects/e.txt", seed("2022-02-04"))
    docs, errors = read(tmp_path / "corpus")
    assert errors == []
    names = [os.path.relpath(d.origin, tmp_path) for d in docs]
    assert names == [
        "corpus/a.txt",
        "corpus/b.txt",
        "corpus/2022/01/d.jsonl:1",
        "corpus/2022/03/c.txt",
    ]


def test_ingest_failures_do_not_stop_the_run(write, read, tmp_path):
    good = write("in/1-good.txt", seed("2022-02-15"))
    write("in/2-empty.txt", b"")
    write("in/3-binary.txt", b"\x00\x01\x02 not text")
    write("in/4-report.pdf", b"%PDF-1.7")
    write("in/5-bad-date.txt", seed("2022-02-30"))
    last = write("in/6-good.txt", seed("2022-02-16"))
    docs, errors = read(tmp_path / "in", tmp_path / "missing.txt", good)
    assert [d.origin for d in docs] == [str(good), str(last), str(good)]
    reasons = {os.path.basename(e.origin): e.reason for e in errors}
    assert set(reasons) == {
        "2-empty.txt",
        "3-binary.txt",
        "4-report.pdf",
        "5-bad-date.txt",
        "missing.txt",
    }
    assert "empty file" in reasons["2-empty.txt"]
    assert "binary" in reasons["3-binary.txt"]
    assert ".pdf files are not supported" in reasons["4-report.pdf"]
    assert "day 30 does not exist" in reasons["5-bad-date.txt"]
    assert reasons["missing.txt"] == "no such file or folder"


def test_ingest_every_error_names_its_file(write, read, tmp_path):
    write("x/a.txt", b"")
    write("x/b.jsonl", "{oops\n")
    write("x/c.csv", "title\nGeen tekstkolom\n")
    _, errors = read(tmp_path / "x")
    assert len(errors) == 3
    for error in errors:
        assert str(error).startswith(error.origin) and str(tmp_path) in error.origin


def test_ingest_unknown_extension_is_sniffed(write, read):
    (doc,), _ = read(write("bericht.nieuws", seed("2022-02-15")))
    assert doc.date == "2022-02-15"
    (doc,), _ = read(write("export.dat", json.dumps({"text": BODY}) + "\n"))
    assert doc.text == BODY


def test_ingest_a_single_path_string_is_not_split_into_characters(write):
    path = write("one.txt", seed("2022-02-15"))
    (doc,) = list(iter_documents(str(path), Settings()))  # type: ignore[arg-type]
    assert doc.origin == str(path)


@pytest.mark.parametrize(
    ("data", "origin", "date"),
    [
        (seed("2022-02-15").encode(), "<stdin>", "2022-02-15"),
        (json.dumps({"text": BODY, "date": "2022-02"}).encode(), "<stdin>:1", "2022-02"),
    ],
)
def test_ingest_stdin_is_read_and_sniffed(monkeypatch, data, origin, date):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    (doc,) = list(iter_documents(["-"], Settings()))
    assert (doc.origin, doc.date) == (origin, date)


def test_ingest_stdin_over_max_bytes_is_refused(monkeypatch):
    data = seed("2022-02-15", BODY * 20).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (error,) = list(iter_documents(["-"], Settings(max_bytes=100)))
    assert isinstance(error, IngestError) and error.origin == "<stdin>"
    assert "over max_bytes (100)" in error.reason


def test_ingest_iter_bytes_uses_the_origin_extension():
    data = b"text,date\nHet ministerie zegt dat eenheden terugkeren.,2022-02-15\n"
    (doc,) = list(iter_bytes("upload.csv", data, Settings()))
    assert doc.origin == "upload.csv:2"
    (doc,) = list(iter_bytes("upload.txt", data, Settings()))  # named .txt: plain text
    assert doc.text.startswith("text,date")


def test_ingest_reader_crash_becomes_an_error(monkeypatch, write, read):
    import claimscope.ingest.text as text_module

    def explode(origin, data, settings):
        yield from ()
        raise RuntimeError("boom")

    monkeypatch.setattr(text_module, "iter_text", explode)
    a = write("a.txt", seed("2022-02-15"))
    docs, (error,) = read(a, write("b.jsonl", json.dumps({"text": BODY}) + "\n"))
    assert len(docs) == 1
    assert error.origin == str(a) and "RuntimeError: boom" in error.reason
