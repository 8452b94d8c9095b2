"""The CLI as a user runs it: real subprocesses on files written here or read from ../shared."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import jsonschema

from tests.conftest import kill_when_stored

ROOT = Path(__file__).resolve().parents[2]

QUOTES = [
    '"We will not withdraw from the region," the defence minister told reporters in {city}.',
    "According to the regional governor, {n} people were evacuated from {city} overnight.",
    '"The shelling has not stopped for three days," said a spokesman for the city council.',
    "The foreign ministry said that talks with the delegation would resume in {city} next week.",
]
CITIES = ["Kharkiv", "Odesa", "Belgorod", "Dnipro", "Lviv", "Kherson", "Mykolaiv", "Sumy"]


def write_corpus(folder: Path, n: int) -> None:
    """n distinct short articles in the seed format, each with a few attributed sentences."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        city = CITIES[i % len(CITIES)]
        body = " ".join(q.format(city=city, n=100 + i) for q in QUOTES)
        (folder / f"article-{i:04d}.txt").write_text(
            f"date 2023-03-{1 + i % 28:02d}\nReport number {i} from {city}. {body}\n",
            encoding="utf-8",
        )


def run(*args: str, check: bool = True, **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "claimscope", *args], capture_output=True, text=True, **kw
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc


def claim_ids_by_doc(db: Path) -> dict[str, set[str]]:
    conn = sqlite3.connect(db)
    out: dict[str, set[str]] = {}
    for doc_id, claim_id in conn.execute(
        "SELECT d.id, c.id FROM documents d LEFT JOIN claims c ON c.doc_id = d.id"
    ):
        out.setdefault(doc_id, set())
        if claim_id:
            out[doc_id].add(claim_id)
    conn.close()
    return out


def test_cli_every_command_has_help_and_is_in_readme():
    from claimscope.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"analyze", "claims", "export", "show", "demo"} <= set(names)
    for name in names:
        proc = run(name, "--help")
        assert "Usage" in proc.stdout and len(proc.stdout) > 100, name
        assert f"claimscope {name}" in readme, f"`claimscope {name}` is not in the README"


def test_cli_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_line = next(
        line for line in ci.splitlines() if "pytest" in line and not line.startswith("#")
    )
    assert test_line.strip() in readme


def test_cli_analyze_twice_is_idempotent_and_claims_validate(tmp_path, shared_dir, claim_schema):
    db = tmp_path / "ledger.db"
    example = shared_dir / "examples"
    first = run("analyze", str(example), "--db", str(db), "-q")
    assert "1 new" in first.stderr
    ids1 = claim_ids_by_doc(db)
    # The assessment at the end says what it did: every new claim judged.
    n = sum(len(v) for v in ids1.values())
    assert f"assessment: {n} claims judged" in first.stderr
    second = run("analyze", str(example), "--db", str(db), "-q")
    assert "0 new, 1 unchanged" in second.stderr
    assert "assessment:" not in second.stderr  # nothing new, nothing judged
    assert claim_ids_by_doc(db) == ids1
    assert sum(len(v) for v in ids1.values()) >= 3
    lines = run("claims", "--db", str(db), "--format", "jsonl").stdout.splitlines()
    assert len(lines) == sum(len(v) for v in ids1.values())
    text = next(example.glob("*.txt")).read_text(encoding="utf-8")
    for line in lines:
        rec = json.loads(line)
        jsonschema.validate(rec, claim_schema)
        assert rec["text"] in text
        s = rec["claimant"].get("span")
        if s:
            assert rec["claimant"]["surface"] in text


def test_cli_package_schema_is_the_shared_contract(shared_dir, claim_schema):
    shared = json.loads((shared_dir / "schema" / "claim.schema.json").read_text(encoding="utf-8"))
    assert claim_schema == shared


def test_cli_bad_inputs_are_reported_and_the_rest_is_stored(tmp_path):
    corpus = tmp_path / "in"
    write_corpus(corpus, 3)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (corpus / "feed.jsonl").write_text(
        json.dumps({"text": "The mayor said the bridge was hit twice.", "date": "2023-04-02"})
        + "\n{not json\n"
        + json.dumps({"body": "no text field here", "date": "2023-04-02"})
        + "\n",
        encoding="utf-8",
    )
    (corpus / "future.txt").write_text(
        "date 2999-01-01\nThe army said it had crossed the river.\n", encoding="utf-8"
    )
    db = tmp_path / "ledger.db"
    proc = run("analyze", str(corpus), "--db", str(db), "-q", check=False)
    assert proc.returncode == 1
    err = proc.stderr
    for name in ("empty.txt", "binary.txt", "feed.jsonl:2", "feed.jsonl:3", "future.txt"):
        assert name in err, f"{name} not reported:\n{err}"
    assert "4 new" in err  # 3 articles + the good JSONL line
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 4
    assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] >= 5
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_cli_kill_9_then_rerun_leaves_no_duplicate_or_half_document(tmp_path):
    corpus = tmp_path / "in"
    n = 600
    write_corpus(corpus, n)
    clean_db = tmp_path / "clean.db"
    run("analyze", str(corpus), "--db", str(clean_db), "-q")
    clean = claim_ids_by_doc(clean_db)
    assert len(clean) == n

    db = tmp_path / "killed.db"
    kill_when_stored(["analyze", str(corpus), "--db", str(db), "-q"], db, 30)

    partial = claim_ids_by_doc(db)
    assert 0 < len(partial) < n
    for doc_id, ids in partial.items():  # every stored document is whole
        assert ids == clean[doc_id]

    run("analyze", str(corpus), "--db", str(db), "-q")
    assert claim_ids_by_doc(db) == clean
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == n


def test_cli_claims_filters_formats_and_export(tmp_path):
    corpus = tmp_path / "in"
    write_corpus(corpus, 4)
    db = tmp_path / "ledger.db"
    run("analyze", str(corpus), "--db", str(db), "-q")
    every = run("claims", "--db", str(db), "--format", "jsonl").stdout.splitlines()
    assert every
    found = run(
        "claims", "--db", str(db), "--format", "jsonl", "--search", "Belgorod"
    ).stdout.splitlines()
    assert found and all("Belgorod" in json.loads(x)["text"] for x in found)
    assert len(found) < len(every)
    early = run(
        "claims", "--db", str(db), "--format", "jsonl", "--until", "2023-03-02"
    ).stdout.splitlines()
    assert early and all(json.loads(x)["doc_date"] <= "2023-03-02" for x in early)
    rows = list(
        csv.DictReader(io.StringIO(run("claims", "--db", str(db), "--format", "csv").stdout))
    )
    assert len(rows) == len(every) and {"claimant", "mode", "text"} <= set(rows[0])
    table = run("claims", "--db", str(db)).stdout
    assert "told reporters" in table or "said" in table
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"claims.{fmt}"
        run("export", "--format", fmt, "--out", str(out), "--db", str(db))
        assert out.stat().st_size > 0
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "claims.parquet").num_rows == len(every)


def test_cli_claims_table_shows_the_first_rows_and_how_many_match(tmp_path, monkeypatch):
    """The table stops at TABLE_ROWS claims and says how many match; --limit and JSONL give
    more (the cap is lowered here: a 100-claim ledger is slow to build)."""
    from typer.testing import CliRunner

    import claimscope.cli_ledger as cli_ledger
    from claimscope.cli import app

    corpus = tmp_path / "in"
    write_corpus(corpus, 4)
    db = tmp_path / "ledger.db"
    run("analyze", str(corpus), "--db", str(db), "-q")
    every = len(run("claims", "--db", str(db), "--format", "jsonl").stdout.splitlines())
    assert every > 3
    monkeypatch.setattr(cli_ledger, "TABLE_ROWS", 2)
    runner = CliRunner()
    capped = runner.invoke(app, ["claims", "--db", str(db)])
    assert capped.exit_code == 0, capped.output
    assert f"2 of {every} claims shown" in capped.output
    asked = runner.invoke(app, ["claims", "--db", str(db), "--limit", "3"])
    assert "3 claims" in asked.output and "shown" not in asked.output
    one_doc = runner.invoke(app, ["claims", "--db", str(db), "--search", "Belgorod"])
    assert one_doc.exit_code == 0


def test_cli_show_highlights_a_document(tmp_path):
    corpus = tmp_path / "in"
    write_corpus(corpus, 1)
    db = tmp_path / "ledger.db"
    run("analyze", str(corpus), "--db", str(db), "-q")
    doc_id = sqlite3.connect(db).execute("SELECT id FROM documents").fetchone()[0]
    proc = run(
        "show",
        doc_id[:8],
        "--db",
        str(db),
        env={**os.environ, "FORCE_COLOR": "1", "COLUMNS": "120"},
    )
    assert "Report number 0" in proc.stdout
    assert "\x1b[" in proc.stdout  # colour codes: the spans are highlighted
    missing = run("show", "ffffffffffff", "--db", str(db), check=False)
    assert missing.returncode == 1 and "no document" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_cli_stdin_and_missing_ledger(tmp_path):
    db = tmp_path / "ledger.db"
    text = 'date 2023-05-02\n"We have sent two more brigades," the army chief told reporters.\n'
    run("analyze", "-", "--db", str(db), "-q", input=text)
    assert sqlite3.connect(db).execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    proc = run("claims", "--db", str(tmp_path / "nope.db"), check=False)
    assert proc.returncode == 1 and "no such ledger" in proc.stderr


def test_cli_demo_prints_the_ledger_of_the_shipped_example():
    proc = run("demo", env={**os.environ, "COLUMNS": "200"})
    assert "1 new" in proc.stderr
    assert "Lavrov" in proc.stdout and "direct_quote" in proc.stdout


def test_cli_db_takes_a_store_url_and_names_an_unknown_one(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "date 2022-02-16\nThe Russian defence ministry said on Tuesday that troops were "
        "returning to their bases after exercises near the border with Ukraine.",
        encoding="utf-8",
    )
    url = f"sqlite:///{tmp_path / 'url.db'}"
    assert "1 new" in run("analyze", str(article), "--db", url, "-q").stderr
    assert (tmp_path / "url.db").exists()  # the URL named this file
    listed = run("claims", "--db", url, "--format", "jsonl")
    assert json.loads(listed.stdout.splitlines()[0])["doc_date"] == "2022-02-16"
    bad = run("claims", "--db", "mysql://analyst:s3cret@db.example/ledger", check=False)
    assert bad.returncode == 1 and "no store for 'mysql://'" in bad.stderr
    assert "s3cret" not in bad.stderr and "Traceback" not in bad.stderr
