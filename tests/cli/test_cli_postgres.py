"""The CLI on a PostgreSQL ledger, as a user runs it: the dev articles (read from ../shared)
analysed with ``--db postgresql://…`` give the same JSONL, byte for byte, as on SQLite, and two
``analyze`` runs writing one database at once store every document once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.cli.test_cli import run


@pytest.fixture(scope="module")
def dev_texts(shared_dir: Path) -> list[Path]:
    texts = sorted((shared_dir / "dev" / "texts").glob("*.txt"))
    if not texts:
        pytest.skip(f"no dev articles in {shared_dir / 'dev' / 'texts'}")
    return texts


@pytest.fixture(scope="module")
def sqlite_ledger(dev_texts: list[Path], tmp_path_factory: pytest.TempPathFactory) -> str:
    """One analyze run of the dev articles on SQLite."""
    db = tmp_path_factory.mktemp("sqlite") / "ledger.db"
    run("analyze", *map(str, dev_texts), "--db", str(db), "--quiet", timeout=900)
    return str(db)


@pytest.fixture(scope="module")
def sqlite_jsonl(sqlite_ledger: str) -> bytes:
    return _out("claims", "--format", "jsonl", "--db", sqlite_ledger)


def _out(*args: str) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "claimscope", *args],
        capture_output=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},  # tables as wide as on any terminal
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    return done.stdout


def _documents(url: str) -> list[tuple[str, int]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT d.id, (SELECT count(*) FROM claims c WHERE c.doc_id = d.id) FROM documents d "
            "ORDER BY d.id"
        ).fetchall()
    return [(d, int(n)) for d, n in rows]


def test_cli_postgres_gives_the_output_of_sqlite_byte_for_byte(
    dev_texts, sqlite_ledger, sqlite_jsonl, postgres_url
):
    done = run("analyze", *map(str, dev_texts), "--db", postgres_url, "--quiet", timeout=900)
    assert f"ledger: {postgres_url}" in done.stderr
    got = _out("claims", "--format", "jsonl", "--db", postgres_url)
    assert got.count(b"\n") > 20  # the dev articles hold dozens of claims
    assert got == sqlite_jsonl
    # Every read command answers the same from either ledger (ids from the records).
    first = json.loads(got.splitlines()[0])
    sid = next(json.loads(line)["situation_id"] for line in got.splitlines()
               if json.loads(line).get("situation_id"))  # fmt: skip
    for args in (
        ["claims", "--format", "csv"],
        ["claims", "--format", "jsonl", "--search", "Kyiv"],
        ["claims", "--format", "jsonl", "--search", "ПРОЕКТ"],  # case-folded Cyrillic
        ["claims", "--format", "jsonl", "--status", "unverified", "--since", "2023"],
        ["claims"],
        ["export", "-f", "jsonl", "-o", "-"],
        ["situations"],
        ["situation", sid],
        ["why", first["id"]],
        ["show", first["doc_id"][:8]],
    ):
        out = _out(*args, "--db", postgres_url)
        assert out == _out(*args, "--db", sqlite_ledger), args
        assert out.strip() or "--search" not in args, f"nothing found: {args}"


def test_cli_postgres_two_runs_at_once_store_each_document_once(
    dev_texts, sqlite_jsonl, postgres_url
):
    """Two analyze runs (as on two machines) on overlapping halves of the articles, into one
    database at the same moment: both succeed, every document is stored once, and the ledger
    lists what one run of all the articles lists."""
    half = len(dev_texts) // 2
    parts = [dev_texts[: half + 3], dev_texts[half - 3 :]]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "claimscope",
                "analyze",
                *map(str, part),
                "--db",
                postgres_url,
                "--quiet",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for part in parts
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err[-2000:]
    docs = _documents(postgres_url)
    assert len(docs) == len({d for d, _ in docs}) == len(dev_texts)
    assert _out("claims", "--format", "jsonl", "--db", postgres_url) == sqlite_jsonl
