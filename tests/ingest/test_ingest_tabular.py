"""JSON Lines and CSV/TSV: configurable fields, line numbers in origins and errors."""

from __future__ import annotations

import csv
import io
import json

from claimscope.ingest import iter_bytes
from claimscope.settings import Settings

RECORDS = [
    {
        "text": "Het ministerie van Defensie zegt dat eenheden terugkeren naar hun garnizoenen.",
        "date": "2022-02-15",
        "title": "Rusland trekt troepen terug",
        "source": "De Krant",
        "url": "https://krant.example/1",
        "lang": "nl",
    },
    {
        "text": "Kuleba said Ukraine would believe a withdrawal only when it saw one.",
        "date": "2022-02-15T14:05:00Z",
        "title": "Kyiv doubts pullback",
        "lang": "en-GB",
    },
    {
        "text": "Maxar zegt dat nieuwe beelden meer militaire activiteit bij de grens tonen.",
        "date": "2022-02",
    },
]


def jsonl(records: list[object]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def test_ingest_jsonl_records_keep_fields_and_line_origins(write, read):
    path = write("feed.jsonl", jsonl(RECORDS))
    docs, errors = read(path)
    assert errors == []
    assert [d.origin for d in docs] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    first, second, third = docs
    assert first.text == RECORDS[0]["text"]
    assert (first.title, first.source, first.url, first.lang) == (
        "Rusland trekt troepen terug",
        "De Krant",
        "https://krant.example/1",
        "nl",
    )
    assert (first.date, first.date_precision) == ("2022-02-15", "day")
    assert (second.date, second.date_precision) == ("2022-02-15T14:05:00+00:00", "timestamp")
    assert second.lang == "en"
    assert (third.date, third.date_precision, third.lang) == ("2022-02", "month", None)


def test_ingest_jsonl_malformed_line_in_the_middle_spares_the_others(write, read):
    lines = jsonl(RECORDS).splitlines()
    lines.insert(1, '{"text": "Afgebroken regel zonder slot", "date": ')
    lines.insert(3, "")  # blank lines are not records
    path = write("broken.jsonl", "\n".join(lines) + "\n")
    docs, (error,) = read(path)
    assert [d.origin for d in docs] == [f"{path}:1", f"{path}:3", f"{path}:5"]
    assert error.origin == str(path) and error.line == 2
    assert str(error).startswith(f"{path}:2: not valid JSON")


def test_ingest_jsonl_missing_text_field_suggests_one(write, read):
    record = {
        "title": "Kort",
        "body": "Het ministerie zei dinsdag dat eenheden terugkeren.",
        "n": 3,
    }
    path = write("feed.jsonl", jsonl([RECORDS[0]] * 16 + [record]))
    docs, (error,) = read(path)
    assert len(docs) == 16
    assert (
        str(error) == f'{path}:17: no "text" field (found: title, body, n); use --text-field body'
    )


def test_ingest_jsonl_custom_field_names(write, read):
    record = {"body": "De minister zei dat de troepen blijven.", "published": "2023-11-06"}
    path = write("custom.ndjson", jsonl([record]))
    (doc,), errors = read(path, text_field="body", date_field="published")
    assert errors == []
    assert (doc.text, doc.date) == ("De minister zei dat de troepen blijven.", "2023-11-06")


def test_ingest_jsonl_bad_values_are_errors_with_lines(write, read):
    records = [
        ["not", "an", "object"],
        {"text": None},
        {"text": "  "},
        {"text": "Iets.", "date": "2022-02-30"},
    ]
    path = write("values.jsonl", jsonl(records))
    docs, errors = read(path)
    assert docs == []
    assert [(e.line, e.reason.split(" ")[0]) for e in errors] == [
        (1, "expected"),
        (2, '"text"'),
        (3, "no"),
        (4, "date"),
    ]
    assert "day 30 does not exist" in errors[3].reason


def test_ingest_json_array_records_are_numbered(write, read):
    path = write("export.json", json.dumps(RECORDS[:2]))
    docs, errors = read(path)
    assert errors == [] and [d.origin for d in docs] == [f"{path}#1", f"{path}#2"]


def test_ingest_csv_embedded_newline_keeps_record_start_lines(write, read):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "date", "text", "url"])
    writer.writerow(
        [
            "Terugtrekking",
            "2022-02-15",
            'Eerste alinea.\nTweede alinea, "met" citaat.',
            "https://a.example/1",
        ]
    )
    writer.writerow(
        ["Twijfel", "2022-02-16", "Kiev gelooft het pas als het de terugtrekking ziet.", ""]
    )
    writer.writerow(["Leeg", "2022-02-16", "", ""])
    path = write("artikelen.csv", out.getvalue())
    docs, (error,) = read(path)
    assert [d.origin for d in docs] == [f"{path}:2", f"{path}:4"]
    assert docs[0].text == 'Eerste alinea.\nTweede alinea, "met" citaat.'
    assert (docs[0].title, docs[0].url, docs[1].url) == (
        "Terugtrekking",
        "https://a.example/1",
        None,
    )
    assert error.line == 5 and "no text" in error.reason


def test_ingest_csv_missing_text_column_names_the_columns(write, read):
    path = write(
        "x.csv",
        "kop,datum,inhoud\nTroepen,2022-02-15,Het ministerie zegt dat eenheden terugkeren.\n",
    )
    docs, (error,) = read(path)
    assert docs == []
    assert (
        str(error)
        == f'{path}:1: no "text" column (found: kop, datum, inhoud); use --text-field inhoud'
    )


def test_ingest_csv_row_with_too_many_fields_is_an_error(write, read):
    path = write("x.csv", "text,date\nHet ministerie zegt iets.,2022-02-15\nEen, twee,2022-02-15\n")
    docs, (error,) = read(path)
    assert len(docs) == 1 and error.line == 3 and "3 fields but the header has 2" in error.reason


def test_ingest_tsv_with_bom_and_crlf(write, read):
    rows = "text\tdate\tlang\r\nDe minister zei dat de troepen blijven.\t2023-11\tnl\r\n"
    path = write("x.tsv", "\ufeff" + rows)
    (doc,), errors = read(path)
    assert errors == []
    assert (doc.text, doc.date, doc.lang, doc.origin) == (
        "De minister zei dat de troepen blijven.",
        "2023-11",
        "nl",
        f"{path}:2",
    )


def test_ingest_iter_bytes_sniffs_jsonl_and_csv():
    settings = Settings()
    (doc,) = list(iter_bytes("<stdin>", jsonl(RECORDS[:1]).encode(), settings))
    assert doc.origin == "<stdin>:1" and doc.lang == "nl"
    data = b"date,text\n2022-02-15,Het ministerie zegt dat eenheden terugkeren.\n"
    (doc,) = list(iter_bytes("<stdin>", data, settings))
    assert doc.origin == "<stdin>:2" and doc.date == "2022-02-15"
