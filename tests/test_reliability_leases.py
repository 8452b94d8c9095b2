"""Two ``analyze`` runs on one ledger with overlapping inputs analyse each document once: a run
leases a document before analysing it and skips one another live run holds, saying so in its
summary; the lease of a killed run does not block the next one. Articles written for these
tests (tests/cli/test_cli.py:write_corpus)."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.cli.test_cli import run, write_corpus
from tests.test_reliability_kill import _kill_at

WIDE = {**os.environ, "COLUMNS": "4000"}  # the summary on one line
SUMMARY = re.compile(
    r"documents: (\d+) new, (\d+) unchanged(?:, (\d+) being analysed by another run)?, "
    r"(\d+) failed"
)


def _counts(stderr: str) -> tuple[int, int, int]:
    """(new, unchanged, being analysed by another run) from a run's summary."""
    m = SUMMARY.search(stderr)
    assert m, stderr
    assert m.group(4) == "0", stderr
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)


def _ledger(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "documents": one("SELECT count(*) FROM documents"),
            "distinct": one("SELECT count(DISTINCT text) FROM documents"),
            "pending": one("SELECT count(*) FROM documents WHERE pending = 1"),
            "not_assessed": one("SELECT count(*) FROM claims WHERE status = 'not_assessed'"),
            "leases": one("SELECT count(*) FROM leases"),
        }
    finally:
        conn.close()


def test_reliability_leases_two_runs_on_overlapping_input_analyse_each_document_once(tmp_path):
    folder = tmp_path / "in"
    write_corpus(folder, 24)
    files = sorted(str(p) for p in folder.iterdir())
    shared, only_a, only_b = files[:8], files[8:16], files[16:]
    db = tmp_path / "ledger.db"  # new: both runs create it (migrated once, by one of them)
    # Both start with the documents they share, at the same time.
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "claimscope", "analyze", *mine, "--db", str(db), "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=WIDE,
        )
        for mine in (shared + only_a, shared + only_b)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
    (new_a, same_a, busy_a), (new_b, same_b, busy_b) = (_counts(err) for _, err in outs)
    assert new_a + new_b == len(files), "a document was analysed by both runs"
    assert new_a + same_a + busy_a == new_b + same_b + busy_b == 16
    assert _ledger(db) == {
        "documents": 24,
        "distinct": 24,
        "pending": 0,
        "not_assessed": 0,
        "leases": 0,
    }


def test_reliability_leases_a_killed_runs_lease_does_not_block_the_next_run(tmp_path):
    folder = tmp_path / "in"
    write_corpus(folder, 4)
    db = tmp_path / "ledger.db"
    args = ["analyze", str(folder), "--db", str(db), "-q"]
    _kill_at("in-write:2", args)  # killed while it held the lease of its second document
    conn = sqlite3.connect(db)
    (pid,) = conn.execute("SELECT pid FROM leases").fetchone()
    conn.close()
    assert pid != os.getpid() and _ledger(db)["documents"] == 1
    proc = run(*args, env=WIDE)
    assert _counts(proc.stderr) == (3, 1, 0)
    assert _ledger(db) == {
        "documents": 4,
        "distinct": 4,
        "pending": 0,
        "not_assessed": 0,
        "leases": 0,
    }
