"""Issue 11: one table of bad and odd inputs, run through `claimscope analyze` as a user runs it.

Each row is one kind of input, written beside a good article, and what must come of it: stored
(with claims, or with none), stored with a reason (a language without data, no date), refused
with one line that names the file (and the line or record), or, for a bad option, one `error:`
line before anything is read. Every run must also exit as expected, print no traceback, store
the good article, and leave a ledger that passes `PRAGMA integrity_check`.

The CLI runs in this process (typer's CliRunner), with the loaded language data and models shared
between runs: a subprocess spends about 14 s loading them, which 50 rows cannot afford. The
other reliability files run the same command in subprocesses.

Texts are written for these tests: short reports on shelling, evacuations and troop movements
in Ukraine, in the languages a reader of such news meets.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import claimscope.ledger as ledger_module
from claimscope.cli import app
from claimscope.resources import Resources
from claimscope.terminal import safe

# ---------------------------------------------------------------------- texts
EN = (
    '"We closed two bridges for repairs," the regional governor told reporters on Monday. '
    "According to the city council, 40 people were evacuated from Kharkiv overnight."
)
EN2 = (
    '"The shelling has not stopped for three days," a spokesman for the council said. '
    "The mayor said that 30 buildings were damaged in Sumy."
)
GOOD = f"date 2023-03-06\nShelling near Kharkiv\n{EN}\n"  # beside every bad input
NL = (
    '"We trekken onze troepen niet terug," zei minister Kuleba maandag in Kyiv. '
    "Volgens het ministerie van Defensie zijn zo'n 130.000 militairen bij de grens met Oekraïne."
)
RU = (
    "«Мы не отступим», — заявил министр обороны в понедельник в Москве. "
    "По словам губернатора, из Харькова эвакуировали 300 человек."
)
AR = (
    "قال حاكم المنطقة يوم الاثنين إن جسرين قرب خاركيف أغلقا بسبب القصف. "
    "وأضاف المتحدث باسم المجلس أن أربعين شخصا تم إجلاؤهم خلال الليل."
)
HE = (
    "מושל המחוז אמר ביום שני כי שני גשרים ליד חרקוב נסגרו בגלל ההפגזות. "
    "לדברי דובר המועצה, ארבעים אנשים פונו מהאזור במהלך הלילה."
)
TR = (
    "Bölge valisi pazartesi günü yaptığı açıklamada, Harkiv yakınlarındaki iki köprünün "
    "bombardıman nedeniyle kapatıldığını söyledi. Belediye sözcüsüne göre gece boyunca kırk "
    "kişi tahliye edildi."
)
PL = (
    "Gubernator obwodu powiedział w poniedziałek, że dwa mosty w pobliżu Charkowa zostały "
    "zamknięte z powodu ostrzału. Według rzecznika rady miasta w nocy ewakuowano czterdzieści osób."
)


def seed(body: str, day: str = "2023-03-07") -> str:
    return f"date {day}\n{body}\n"


def zalgo(text: str, marks: int = 40) -> str:
    """Every letter of ``text`` under a flood of combining marks."""
    flood = "".join(chr(0x0300 + i % 0x70) for i in range(marks))
    return "".join(c + flood if c.isalpha() else c for c in text)


def page(body: str, *, charset: str = "utf-8", head: str = "", lang: str = "en") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="{charset}">'
        '<meta property="article:published_time" content="2023-03-07">'
        f"<title>Kharkiv</title>{head}</head><body>{body}</body></html>"
    ).encode()


def article_html(text: str) -> str:
    return f"<article><h1>Shelling near Kharkiv</h1><p>{text}</p><p>{EN2}</p></article>"


def warc(*records: tuple[str, str, bytes]) -> tuple[bytes, list[int]]:
    """A .warc.gz of a warcinfo and one response per ``(url, content type, body)``, and the
    offset at which each response starts."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    offsets = []
    for url, content_type, body in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
        offsets.append(out.tell())
        writer.write_record(
            writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
        )
    return out.getvalue(), offsets


def jsonl(*records: object) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()


def quoted(text: str) -> str:
    """A CSV field in quotes, its quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def garbage(n: int, seed_: int, low: int = 0) -> bytes:
    rng = random.Random(seed_)
    return bytes(rng.randrange(low, 256) for _ in range(n))


# ---------------------------------------------------------------------- special files
def fifo(path: Path) -> None:
    os.mkfifo(path)


def dangling(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere.txt")


def symlink_loop(path: Path) -> None:
    """``path`` -> ``path.loop`` -> ``path``: opening either is ELOOP."""
    other = path.with_name(path.name + ".loop")
    path.symlink_to(other.name)
    other.symlink_to(path.name)


def folder_loop(path: Path) -> None:
    """A folder with a symlink to itself inside: a walk that followed it would never end."""
    path.mkdir()
    (path / "again").symlink_to("..", target_is_directory=True)
    (path / "inner.txt").write_text(seed(EN2), encoding="utf-8")


def unreadable(path: Path) -> None:
    path.write_text(seed(EN2), encoding="utf-8")
    path.chmod(0)


# ---------------------------------------------------------------------- outcomes
@dataclass(frozen=True)
class Stored:
    """A document from ``where`` (a name in the case folder, with ``:line`` or ``#record``)
    is stored without a problem: with claims (``claims=True``), with none (0), or either
    (None); its text contains ``contains`` and the run warns ``warning`` about it."""

    where: str
    claims: bool | int | None = True
    contains: str | None = None
    warning: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Reason:
    """Stored with a problem that says ``says`` ("language ... is not supported", "no date")."""

    where: str
    says: str


@dataclass(frozen=True)
class Refused:
    """Not stored: one `failed:` line naming ``where`` and saying ``says``."""

    where: str
    says: str


@dataclass(frozen=True)
class CommandError:
    """The command refuses before reading anything: one `error:` line saying ``says``."""

    says: str


Outcome = Stored | Reason | Refused | CommandError
Content = bytes | Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    files: dict[str, Content]
    expect: list[Outcome]
    args: list[str] = field(default_factory=list)
    paths: list[str] | None = None  # names to give analyze (default: the folder)
    good: Outcome = Stored("good.txt", contains="Shelling near Kharkiv")
    summary: str | None = None  # a piece of the `documents: ...` line


def case(id_: str, files: dict[str, Content], *expect: Outcome, marks=(), **kw) -> object:
    return pytest.param(Case(files, list(expect), **kw), id=id_, marks=marks)


TRUNCATED_WARC, WARC_AT = warc(
    ("https://news.example/a", "text/html; charset=utf-8", page(article_html(EN))),
    ("https://news.example/b", "text/html; charset=utf-8", page(article_html(NL * 20))),
)
BOM16 = {"le": codecs.BOM_UTF16_LE, "be": codecs.BOM_UTF16_BE}

CASES = [
    # ---- bytes and encodings
    case("empty-file", {"empty.txt": b""}, Refused("empty.txt", "empty file (0 bytes)")),
    case("whitespace-only", {"blank.txt": b" \n\t\r\n  \n"}, Refused("blank.txt", "no text")),
    case("binary-garbage-txt", {"noise.txt": garbage(4096, 1)}, Refused("noise.txt", "binary")),
    case(
        "high-bytes-garbage-txt",
        {"noise.txt": garbage(4096, 2, low=0x80)},
        Refused("noise.txt", "encoding could not be detected"),
    ),
    case(
        "utf8-with-bom",
        {"bom.txt": codecs.BOM_UTF8 + seed(NL).encode()},
        Stored("bom.txt", contains="Oekraïne", lang="nl"),
    ),
    *(
        case(
            f"utf16-{order}-with-bom",
            {f"u16{order}.txt": BOM16[order] + seed(RU).encode(f"utf-16-{order}")},
            Stored(f"u16{order}.txt", contains="Харькова", lang="ru"),
        )
        for order in ("le", "be")
    ),
    case(
        "utf16-without-bom",
        {"u16.txt": seed(EN2).encode("utf-16-le")},
        Refused("u16.txt", "binary file (contains NUL bytes)"),
    ),
    case(
        "latin1-dutch",
        {"nl.txt": seed(NL).encode("latin-1")},
        Stored("nl.txt", contains="de grens met Oekraïne", lang="nl"),
    ),
    case(
        "one-invalid-utf8-byte",
        {"nl.txt": seed(NL).encode().replace(b"maandag", b"maan\xffdag")},
        Stored("nl.txt", contains="maan\ufffddag", warning="not valid UTF-8 at 1 place"),
    ),
    case(
        "nul-byte-in-text",
        {"nul.txt": seed(EN2).encode().replace(b"Sumy", b"Su\x00my")},
        Refused("nul.txt", "binary file (contains NUL bytes)"),
    ),
    # ---- line ends and long lines
    case(
        "lone-cr-line-ends",
        {"mac.txt": seed(f"Evacuations in Sumy\n{EN2}").replace("\n", "\r").encode()},
        Stored("mac.txt", contains="Evacuations in Sumy\r"),
    ),
    case(
        "crlf-line-ends",
        {"dos.txt": seed(f"Evacuations in Sumy\n{EN2}").replace("\n", "\r\n").encode()},
        Stored("dos.txt", contains="Evacuations in Sumy\r\n"),
    ),
    case(
        "mixed-line-ends",
        {"mixed.txt": f"date 2023-03-07\r\nEvacuations in Sumy\r{EN2}\nMore later.\r\n".encode()},
        Stored("mixed.txt", contains="Evacuations in Sumy\r"),
    ),
    case(
        "long-line-without-punctuation",
        {"long.txt": seed(" ".join(["the convoy moved north past the village"] * 6000)).encode()},
        Stored("long.txt", claims=None),
    ),
    case(
        "one-1mb-token",
        {"blob.txt": seed(f"{EN2}\n{'x' * 1_000_000}\n{EN}").encode()},
        Stored("blob.txt"),
        args=["--max-chars", "1100000"],
    ),
    case(
        "document-over-max-chars",
        {"big.txt": seed(" ".join([EN2] * 30)).encode()},
        Refused("big.txt", "characters is over --max-chars 2,000"),
        args=["--max-chars", "2000"],
    ),
    # ---- Unicode oddities
    case(
        "zero-width-and-bidi-controls",
        {
            "zw.txt": seed(
                EN2.replace("shelling", "shel\u200bling").replace("Sumy", "\u202eSumy")
            ).encode()
        },
        Stored("zw.txt", contains="\u202eSumy"),
    ),
    case(
        "zalgo-combining-flood",
        {"zalgo.txt": seed(zalgo(EN2)).encode()},
        Stored("zalgo.txt", claims=None),
    ),
    case(
        "emoji-only",
        {"emoji.txt": seed("🔥💥🚀 🇺🇦❤️ 👍🏽👍🏽 😢😢😢").encode()},
        Reason("emoji.txt", "language not identified (use --lang)"),
    ),
    case("arabic-rtl", {"ar.txt": seed(AR).encode()}, Reason("ar.txt", "language 'ar' is not")),
    case("hebrew-rtl", {"he.txt": seed(HE).encode()}, Reason("he.txt", "language 'he' is not")),
    case("turkish", {"tr.txt": seed(TR).encode()}, Reason("tr.txt", "language 'tr' is not")),
    case("polish", {"pl.txt": seed(PL).encode()}, Reason("pl.txt", "language 'pl' is not")),
    # ---- --lang
    case(
        "lang-option-unsupported-code",
        {"nl.txt": seed(NL).encode()},
        Reason("nl.txt", "language 'xx' is not supported"),
        args=["--lang", "xx"],
        good=Reason("good.txt", "language 'xx' is not supported"),
    ),
    case(
        "lang-option-not-a-code",
        {"nl.txt": seed(NL).encode()},
        CommandError("--lang 'english': not a language code"),
        args=["--lang", "english"],
    ),
    *(
        case(
            f"lang-option-{value}",
            {"en.txt": seed(EN2).encode()},
            Stored("en.txt", lang="en"),
            args=["--lang", value],
            good=Stored("good.txt", lang="en"),
        )
        for value in ("EN", "en-GB", "EN_us")
    ),
    # ---- the seed format's date line
    case(
        "seed-month-13",
        {"d.txt": seed(EN2, "2022-13-45").encode()},
        Refused("d.txt", "month 13 does not exist"),
    ),
    case("seed-date-line-only", {"d.txt": b"date 2023-03-07\n"}, Refused("d.txt", "no text")),
    case(
        "seed-future-date",
        {"d.txt": seed(EN2, "2031-01-01").encode()},
        Refused("d.txt", "more than a year in the future"),
    ),
    case(
        "seed-date-before-1800",
        {"d.txt": seed(EN2, "1750-05-01").encode()},
        Refused("d.txt", "year 1750 is before 1800"),
    ),
    case(
        "article-without-claims",
        {
            "weather.txt": seed(
                "Snow fell on Kharkiv overnight. The roads to Sumy were icy."
            ).encode()
        },
        Stored("weather.txt", claims=0),
    ),
    case(
        "no-date-at-all",
        {"undated.txt": f"{EN2}\n".encode()},
        Reason("undated.txt", "no date (use --date)"),
    ),
    # ---- HTML
    case(
        "html-empty-body",
        {"empty.html": page("")},
        Refused("empty.html", "no main text found in the HTML"),
    ),
    case(
        "html-only-scripts",
        {"js.html": page("<script>var a = 1;</script><script src='app.js'></script>")},
        Refused("js.html", "no main text found in the HTML"),
    ),
    case(
        "html-meta-charset-wrong",
        {"nl.html": page(article_html(NL), charset="windows-1251", lang="nl")},
        Stored("nl.html", contains="Oekraïne", lang="nl"),
    ),
    case(
        "html-nested-1000-deep",
        {"deep.html": page("<div>" * 1000 + article_html(EN2) + "</div>" * 1000)},
        # lxml's HTML parser stops at depth 256: the text is lost and the page is refused
        Refused("deep.html", "no main text found in the HTML"),
    ),
    case(
        "html-unclosed-tags",
        {
            "open.html": page(f"<article><h1>Sumy<p>{EN2}<p>{EN}<div><span><b>").replace(
                b"</body></html>", b""
            )
        },
        Stored("open.html", contains="30 buildings were damaged"),
    ),
    # ---- JSON Lines
    case(
        "jsonl-blank-lines",
        {"f.jsonl": b"\n" + jsonl({"text": EN2, "date": "2023-03-07"}) + b"\n  \n"},
        Stored("f.jsonl:2"),
    ),
    case(
        "jsonl-not-an-object",
        {"f.jsonl": jsonl({"text": EN2, "date": "2023-03-07"}, [EN2], "just text")},
        Stored("f.jsonl:1"),
        Refused("f.jsonl:2", "expected a JSON object, found a list"),
        Refused("f.jsonl:3", "expected a JSON object, found a string"),
    ),
    case(
        "jsonl-missing-text-field",
        {"f.jsonl": jsonl({"body": EN2, "date": "2023-03-07"})},
        Refused("f.jsonl:1", 'no "text" field (found: body, date); use --text-field body'),
    ),
    case(
        "jsonl-text-not-a-string",
        {"f.jsonl": jsonl({"text": 42, "date": "2023-03-07"}, {"text": [EN2]})},
        Refused("f.jsonl:1", '"text" is a number, not a string'),
        Refused("f.jsonl:2", '"text" is a list, not a string'),
    ),
    case(
        "jsonl-duplicate-records",
        {"f.jsonl": jsonl(*[{"text": EN2, "date": "2023-03-07"}] * 2)},
        Stored("f.jsonl:1"),
        summary="2 new, 1 unchanged",
    ),
    case(
        "jsonl-nul-line",
        {"f.jsonl": jsonl({"text": EN2, "date": "2023-03-07"}) + b'{"text": "\x00"}\n'},
        Stored("f.jsonl:1"),
        Refused("f.jsonl:2", "contains a NUL byte"),
    ),
    case(
        "jsonl-truncated-last-line",
        {"f.jsonl": jsonl({"text": EN2, "date": "2023-03-07"}) + b'{"text": "The mayor said'},
        Stored("f.jsonl:1"),
        Refused("f.jsonl:2", "not valid JSON: Unterminated string starting at (column 10)"),
    ),
    case(
        "jsonl-lang-field-forms",
        {
            "f.jsonl": jsonl(
                {"text": EN2, "date": "2023-03-07", "lang": "EN"},
                {"text": NL, "date": "2023-03-07", "lang": "nl_NL"},
                {"text": NL + " Meer volgt.", "date": "2023-03-07", "lang": "NL-be"},
                {"text": EN, "date": "2023-03-08", "lang": "english"},
                {"text": RU, "date": "2023-03-07", "lang": "xx"},
            )
        },
        Stored("f.jsonl:1", lang="en"),
        Stored("f.jsonl:2", lang="nl"),
        Stored("f.jsonl:3", lang="nl"),
        Stored("f.jsonl:4", lang="en", warning="language 'english' is not an ISO 639 code"),
        Reason("f.jsonl:5", "language 'xx' is not supported"),
    ),
    case(
        "json-array",
        {"f.json": json.dumps([{"text": EN2, "date": "2023-03-07"}, {"date": "x"}]).encode()},
        Stored("f.json#1"),
        Refused("f.json#2", 'no "text" field'),
    ),
    # ---- CSV
    case(
        "csv-missing-header",
        {"f.csv": f"2023-03-07,Sumy,{quoted(EN2)}\n".encode()},
        Refused("f.csv:1", f'no "text" column (found: 2023-03-07, Sumy, {EN2[:39]}…)'),
    ),
    case(
        "csv-unclosed-quote-at-end",
        {
            "f.csv": (
                f"date,text\n2023-03-07,{quoted(EN2)}\n"
                '2023-03-08,"The mayor said that the roads would reopen\n2023-03-09,x\n'
            ).encode()
        },
        Stored("f.csv:2"),
        Refused("f.csv:3", "a quoted field opens here and is never closed"),
    ),
    case(
        "csv-extra-columns",
        {"f.csv": f"date,text\n2023-03-07,{quoted(EN2)}\n2023-03-08,{quoted(EN)},extra\n".encode()},
        Stored("f.csv:2"),
        Refused("f.csv:3", "3 fields but the header has 2"),
    ),
    case(
        # over the csv module's default field limit (131,072); a page's markup kept beside
        # its text, a cheaper cell than a text of that length to analyse
        "csv-150k-character-cell",
        {"f.csv": f"date,text,html\n2023-03-07,{quoted(EN2)},{quoted('<p>' * 50_000)}\n".encode()},
        Stored("f.csv:2", contains="30 buildings"),
    ),
    case(
        "csv-semicolon-delimited",
        {"f.csv": f"date;title;text\n2023-03-07;Sumy;{quoted(EN2)}\n".encode()},
        Stored("f.csv:2"),
    ),
    # ---- WARC
    case(
        "warc-truncated-gzip",
        {"crawl.warc.gz": TRUNCATED_WARC[: WARC_AT[1] + (len(TRUNCATED_WARC) - WARC_AT[1]) // 2]},
        Stored("crawl.warc.gz#2", contains="We closed two bridges"),
        Refused("crawl.warc.gz#3", f"truncated WARC record at byte {WARC_AT[1]}"),
    ),
    case(
        "warc-non-html-records",
        {
            "crawl.warc.gz": warc(
                ("https://news.example/a", "text/html", page(article_html(EN2))),
                ("https://news.example/a.pdf", "application/pdf", b"%PDF-1.4 ..."),
            )[0],
            "images.warc.gz": warc(("https://news.example/a.png", "image/png", b"\x89PNG"))[0],
        },
        Stored("crawl.warc.gz#2", contains="shelling has not stopped"),
        Refused("images.warc.gz", "no HTML page"),
    ),
    case("warc-empty", {"crawl.warc": b""}, Refused("crawl.warc", "empty")),
    # ---- paths
    case(
        "folder-with-symlink-loop",
        {"sub": folder_loop},
        Stored("sub/inner.txt"),
    ),
    case(
        "file-symlink-loop",
        {"a.txt": symlink_loop},
        Refused("a.txt", "cannot read: Too many levels of symbolic links"),
        Refused("a.txt.loop", "cannot read: Too many levels of symbolic links"),
    ),
    case("dangling-symlink", {"dead.txt": dangling}, Refused("dead.txt", "no such file")),
    case(
        "file-without-read-permission",
        {"secret.txt": unreadable},
        Refused("secret.txt", "cannot read: Permission denied"),
        marks=pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file"),
    ),
    case("fifo", {"pipe.txt": fifo}, Refused("pipe.txt", "not a regular file (a named pipe")),
    case(
        "file-name-with-escapes-and-newline",
        {"odesa\x1b[2J\n[bold]report.txt": seed(EN2).encode()},
        Stored("odesa\x1b[2J\n[bold]report.txt"),
    ),
    case(
        "path-does-not-exist",
        {},
        Refused("missing.txt", "no such file or folder"),
        paths=["missing.txt", "good.txt"],
    ),
    case(
        "zip-and-pdf",
        {"a.zip": b"PK\x03\x04" + garbage(64, 3), "b.pdf": b"%PDF-1.4\n" + garbage(64, 4)},
        Refused("a.zip", ".zip files are not supported"),
        Refused("b.pdf", ".pdf files are not supported"),
    ),
    case(
        "unknown-extension-sniffed-as-text",
        {"notes.md": seed(EN2).encode()},
        Stored("notes.md"),
    ),
]


# ---------------------------------------------------------------------- running
# What a terminal acts on: C0 but tab and newline, DEL, C1, bidi overrides and isolates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def shared() -> Resources:
    """Loaded data and models for every run of this module (the runs' settings differ)."""
    return Resources()


@pytest.fixture
def cli(shared, monkeypatch) -> Callable[..., tuple[int, str, BaseException | None]]:
    def resources(settings=None) -> Resources:
        mine = Resources(settings)
        mine._lang, mine._cache = shared._lang, shared._cache
        return mine

    monkeypatch.setattr(ledger_module, "Resources", resources)
    runner = CliRunner()

    def run(*args: str) -> tuple[int, str, BaseException | None]:
        result = runner.invoke(app, list(args))
        error = result.exception if not isinstance(result.exception, SystemExit) else None
        return result.exit_code, result.stderr, error

    return run


def build(folder: Path, files: dict[str, Content]) -> None:
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, content in files.items():
        if callable(content):
            content(folder / name)
        else:
            (folder / name).write_bytes(content)


def rows(db: Path) -> dict[str, tuple[str | None, str | None, int, str]]:
    """origin -> (problem, lang, claims, text) of every stored document."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {
            origin: (problem, lang, n, text)
            for origin, problem, lang, n, text in conn.execute(
                "SELECT d.origin, d.problem, d.lang, count(c.id), d.text FROM documents d "
                "LEFT JOIN claims c ON c.doc_id = d.id GROUP BY d.id"
            )
        }
    finally:
        conn.close()


@pytest.mark.parametrize("spec", CASES)
def test_reliability_inputs(tmp_path, cli, spec: Case):
    folder = tmp_path / "in"
    build(folder, spec.files)
    db = tmp_path / "ledger.db"
    paths = [str(folder / p) for p in spec.paths] if spec.paths else [str(folder)]
    code, stderr, error = cli("analyze", *paths, "--db", str(db), "-q", *spec.args)

    assert error is None, f"{type(error).__name__}: {error}\n{stderr}"
    assert "Traceback" not in stderr, stderr
    assert not RAW.search(stderr), f"raw control characters in {stderr!r}"
    lines = stderr.splitlines()
    # every message is one line of its own
    assert all(
        ln.startswith(("documents: ", "assessment: ", "failed: ", "warning: ", "error: "))
        for ln in lines
    )
    outcomes = [*spec.expect, spec.good]

    if any(isinstance(o, CommandError) for o in outcomes):
        (says,) = [o.says for o in outcomes if isinstance(o, CommandError)]
        assert code == 1 and len(lines) == 1 and lines[0].startswith("error: "), stderr
        assert says in lines[0]
        assert not db.exists(), "a refused command created the ledger"
        return

    refused = [o for o in outcomes if isinstance(o, Refused)]
    assert code == (1 if refused else 0), stderr
    failed = [ln for ln in lines if ln.startswith("failed: ")]
    assert len(failed) == len(refused), stderr
    for o, line in zip(refused, failed, strict=True):
        where = safe(str(folder / o.where))
        assert line.startswith(f"failed: {where}: "), (line, where)
        assert o.says in line, (o.says, line)

    conn = sqlite3.connect(db)
    recorded = {
        o if n < 0 else f"{o}:{n}" for o, n in conn.execute("SELECT origin, line FROM failures")
    }
    conn.close()
    assert recorded == {str(folder / o.where) for o in refused}, recorded
    stored = rows(db)
    expected = [o for o in outcomes if isinstance(o, Stored | Reason)]
    assert sorted(stored) == sorted(str(folder / o.where) for o in expected), stderr
    problems = "\n".join(ln for ln in lines if "stored with a problem" in ln)
    for o in expected:
        origin = str(folder / o.where)
        problem, lang, claims, text = stored[origin]
        if isinstance(o, Reason):
            assert problem is not None and o.says in problem, (origin, problem)
            assert f"{safe(origin)}: {problem}" in problems, stderr
            continue
        assert problem is None, (origin, problem)
        if o.claims is True:
            assert claims > 0, f"{origin}: no claims"
        elif o.claims is not None:
            assert claims == o.claims, (origin, claims)
        if o.contains is not None:
            assert o.contains in text, (o.contains, text[:200])
        if o.lang is not None:
            assert lang == o.lang, (origin, lang)
        warned = [ln for ln in lines if ln.startswith(f"warning: {safe(origin)}: ")]
        if o.warning is None:
            assert warned == [], warned
        else:
            assert len(warned) == 1 and o.warning in warned[0], (o.warning, lines)
    if spec.summary is not None:
        assert spec.summary in lines[0], lines[0]


def test_reliability_inputs_the_table_covers_forty_kinds():
    assert len(CASES) >= 40


@pytest.mark.parametrize(
    ("given", "code"),
    [("EN", "en"), ("en-GB", "en"), ("EN_us", "en"), (" nl ", "nl"), ("de-DE.UTF-8", "de"),
     ("xx", "xx"), ("english", None), ("e1", None), ("", None), ("en--GB", None)],
)  # fmt: skip
def test_reliability_inputs_language_codes_enter_normalised(given: str, code: str | None):
    """Options (Settings, so the CLI and the API), the claims filter and analyze_text read a
    language code alike: the lower-case primary subtag, or a one-line error naming the value."""
    from claimscope import analyze_text
    from claimscope.errors import ClaimscopeError, QueryError
    from claimscope.pipeline import Pipeline
    from claimscope.settings import Settings
    from claimscope.store.base import ClaimFilter

    if code is None:
        with pytest.raises(ClaimscopeError, match="--lang .*not a language code"):
            Settings(default_lang=given)
        with pytest.raises(QueryError, match="ISO 639"):
            ClaimFilter(lang=given)
        with pytest.raises(ClaimscopeError, match="not a language code"):
            analyze_text("Snow fell on Kharkiv.", lang=given, pipeline=Pipeline([]))
        return
    assert Settings(default_lang=given).default_lang == code
    assert ClaimFilter(lang=given).lang == code
    doc = analyze_text("Snow fell on Kharkiv.", lang=given, pipeline=Pipeline([]))
    assert doc.lang == code
