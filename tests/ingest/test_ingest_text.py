"""Seed format and plain text, and every kind of bad input on the way in."""

from __future__ import annotations

import random

import pytest

from claimscope.ingest import iter_bytes
from claimscope.settings import Settings

BODY_NL = (
    "Rusland trekt een deel van zijn troepen terug van de grens met Oekraïne. Dat meldt het "
    "Russische ministerie van Defensie dinsdag. Volgens een woordvoerder keren eenheden na "
    "oefeningen terug naar hun garnizoenen."
)
BODY_EN = (
    "Ukraine's foreign minister said on Tuesday that Kyiv would believe a Russian withdrawal "
    "only when it saw one.\n\nSatellite images published on Monday showed more activity near "
    "the border, a US company said.\n"
)


@pytest.mark.parametrize(
    ("content", "date", "precision"),
    [
        (f"date 2022-02-15\n{BODY_NL}", "2022-02-15", "day"),
        (f"date 2022-02\n\n{BODY_NL}", "2022-02", "month"),
        (f" date 2022-02 {BODY_NL}", "2022-02", "month"),  # header and text on one line
        (f"\ufeffdate 2022-02-15\r\n{BODY_NL}", "2022-02-15", "day"),
        (f"date: 2022\n{BODY_NL}", "2022", "year"),
    ],
)
def test_ingest_seed_header_gives_date_and_body(write, read, content, date, precision):
    path = write("nl-bericht.txt", content)
    (doc,), errors = read(path)
    assert errors == []
    assert doc.text == BODY_NL  # the body untouched: offsets point into it
    assert (doc.date, doc.date_precision) == (date, precision)
    assert doc.origin == str(path)
    assert doc.lang is None  # the seed format declares no language
    assert doc.id and len(doc.id) == 16


def test_ingest_seed_body_keeps_its_own_whitespace(write, read):
    (doc,), _ = read(write("a.txt", "date 2022-02-12\n" + BODY_EN))
    assert doc.text == BODY_EN
    assert doc.text[doc.text.index("Satellite") :].startswith("Satellite images")


def test_ingest_plain_text_uses_default_date_or_none(write, read):
    path = write("plain.txt", BODY_EN)
    (doc,), _ = read(path)
    assert doc.text == BODY_EN and doc.date is None and doc.date_precision is None
    (doc,), _ = read(path, default_date="2022-02")
    assert (doc.date, doc.date_precision) == ("2022-02", "month")


def test_ingest_plain_text_starting_with_the_word_date_is_prose(write, read):
    text = "date night in Kyiv was cancelled because of the air raid alarm, residents said."
    (doc,), _ = read(write("prose.txt", text))
    assert doc.text == text and doc.date is None


@pytest.mark.parametrize(
    ("header", "words"),
    [
        ("date 2022-13", "month 13 does not exist"),
        ("date 2022-02-30", "day 30 does not exist"),
        ("date 1700-01", "before 1800"),
        ("date 2999-01-01", "more than a year in the future"),
    ],
)
def test_ingest_seed_absurd_date_is_an_error_naming_the_file(write, read, header, words):
    path = write("bad-date.txt", f"{header}\n{BODY_NL}")
    docs, (error,) = read(path)
    assert docs == []
    assert error.origin == str(path)
    assert words in str(error) and str(path) in str(error)


def test_ingest_empty_file_is_an_error(write, read):
    path = write("empty.txt", b"")
    _, (error,) = read(path)
    assert str(error) == f"{path}: empty file (0 bytes)"


@pytest.mark.parametrize("content", ["   \n\t\n", "date 2022-02-15\n   \n", "\ufeff\n"])
def test_ingest_whitespace_only_text_is_an_error(write, read, content):
    path = write("blank.txt", content)
    _, (error,) = read(path)
    assert error.origin == str(path) and "no text" in error.reason


def test_ingest_min_chars_refuses_short_text(write, read):
    path = write("short.txt", "date 2022-02-15\nKort bericht.")
    _, (error,) = read(path, min_chars=50)
    assert "too short" in error.reason and "min_chars is 50" in error.reason


def test_ingest_binary_file_is_an_error(write, read):
    path = write("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    _, (error,) = read(path)
    assert error.origin == str(path) and "binary" in error.reason


LEGACY = [
    (
        "fr",
        "cp1252",
        "Le ministère russe de la Défense a déclaré mardi que des unités regagnaient leurs "
        "garnisons après des exercices près de la frontière ukrainienne. « Nous ne croirons au "
        "retrait que lorsque nous le verrons », a déclaré le ministre ukrainien des Affaires "
        "étrangères. Les États-Unis estiment qu'une invasion reste possible.",
    ),
    (
        "nl",
        "cp1252",
        "Het Russische ministerie van Defensie zegt dat eenheden na oefeningen terugkeren naar "
        "hun kazernes. Oekraïne gelooft het pas als het de terugtrekking ziet, zei minister "
        "Koeleba. Ook café-eigenaren in Kyïv reageerden geïrriteerd op het nieuws.",
    ),
    (
        "ru",
        "cp1251",
        "Министерство обороны России заявило во вторник, что подразделения возвращаются в "
        "места постоянной дислокации после учений. Глава МИД Украины сказал, что поверит в "
        "отвод войск, только когда увидит его.",
    ),
    (
        "uk",
        "cp1251",
        "Міністерство оборони Росії заявило у вівторок, що підрозділи повертаються до місць "
        "постійної дислокації після навчань. Міністр закордонних справ України сказав, що "
        "повірить у відведення військ, лише коли побачить його.",
    ),
]


@pytest.mark.parametrize(("lang", "encoding", "body"), LEGACY, ids=[row[0] for row in LEGACY])
def test_ingest_non_utf8_is_detected_when_confident(write, read, lang, encoding, body):
    path = write(f"{lang}-{encoding}.txt", f"date 2022-02-16\n{body}".encode(encoding))
    (doc,), errors = read(path)
    assert errors == []
    assert doc.date == "2022-02-16"
    assert doc.text == body


def test_ingest_undetectable_encoding_is_an_error(write, read):
    noise = random.Random(7).randbytes(4000).replace(b"\x00", b"\x01")
    path = write("noise.txt", noise)
    _, (error,) = read(path)
    assert error.origin == str(path) and "not UTF-8" in error.reason


def test_ingest_utf16_with_bom_is_read(write, read):
    path = write("utf16.txt", ("date 2022-02-15\n" + BODY_NL).encode("utf-16"))
    (doc,), errors = read(path)
    assert errors == [] and doc.text == BODY_NL


def test_ingest_file_over_max_bytes_is_refused_unread(write, read):
    path = write("big.txt", "date 2022-02-15\n" + BODY_NL * 10)
    _, (error,) = read(path, max_bytes=500)
    assert error.origin == str(path)
    assert "over max_bytes (500)" in error.reason


def test_ingest_iter_bytes_sniffs_seed_text():
    data = ("date 2022-02-15\n" + BODY_NL).encode()
    (doc,) = list(iter_bytes("<stdin>", data, Settings()))
    assert doc.text == BODY_NL and doc.origin == "<stdin>" and doc.date == "2022-02-15"


def test_ingest_same_text_gives_same_id(write, read):
    a = write("a.txt", "date 2022-02-15\n" + BODY_NL)
    b = write("b.txt", "date 2022-02-15\n\n  " + BODY_NL + "\n")
    (doc_a, doc_b), _ = read(a, b)
    assert doc_a.id == doc_b.id
