"""kill -9 at chosen and at (seeded) random moments of ``analyze``, ``assess`` and ``export``,
then the same command again: the ledger is whole and ends as an uninterrupted run leaves it.

The chosen moments are reached deterministically: the command runs under a small bootstrap
(:data:`BOOT`, test code only) that wraps a store or export function and sends itself SIGKILL
there - inside the transaction of the n-th document before its COMMIT, right after it, between
the last document write and the assessment, inside the assessment's transaction, halfway
through an export and before its rename. The random moments are delays drawn from a seeded
generator over the length of an uninterrupted run, and are killed from outside, one after
another on the same ledger (repeated crashes). A handful of English articles are read from
../shared at test time."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

ARTICLES = (  # relative to ../shared; the first two are in the ledger before the command
    "dev/texts/en-20220212-cnn-embassy-drawdown.txt",
    "corpus/en/en-20220210-belta-minsk-10-february-belta-russia.txt",
    "corpus/en/en-20220215-uk-outlet-vladimir-putin-has-said-that.txt",
    "corpus/en/en-20220215-us-outlet-president-biden-spoke-directly-people.txt",
    "dev/texts/en-20220215-guardian-truss.txt",
)
SEED = 20261205
RANDOM_KILLS = 3

# Runs `claimscope ARGS` after arranging a SIGKILL of this process at POINT (argv[1]).
BOOT = r"""
import os, signal, sys
import claimscope.export as export
import claimscope.ledger as ledger
import claimscope.store.sqlite as sqlite

point = sys.argv.pop(1)
kind, _, arg = point.partition(":")
state = {"writes": 0, "armed": False}

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

exit_txn = sqlite._Txn.__exit__
def txn_exit(self, exc_type, exc, tb):
    if state["armed"] and exc_type is None:
        die()  # every row of the transaction written, COMMIT not yet
    return exit_txn(self, exc_type, exc, tb)
sqlite._Txn.__exit__ = txn_exit

write = sqlite.SQLiteStore.write_document
def write_document(self, doc, problem=None):
    state["writes"] += 1
    nth = state["writes"] == int(arg or 0)
    state["armed"] = kind == "in-write" and nth
    write(self, doc, problem)
    if kind == "after-write" and nth:
        die()
sqlite.SQLiteStore.write_document = write_document

save = sqlite.SQLiteStore.save_assessment
def save_assessment(self, *args, **kwargs):
    state["armed"] = kind == "in-assessment"
    save(self, *args, **kwargs)
sqlite.SQLiteStore.save_assessment = save_assessment

if kind == "before-assessment":
    ledger.assess_claims = die
if kind == "export-half":
    jsonl = export.write_jsonl
    def write_jsonl(records, out):
        def half():
            for n, rec in enumerate(records):
                if n == int(arg):
                    out.flush()
                    die()
                yield rec
        return jsonl(half(), out)
    export.write_jsonl = write_jsonl
if kind == "export-rename":
    export._fsync = die  # the temporary file is complete, the rename not done

from claimscope.cli import main
sys.argv[0] = "claimscope"
main()
"""


@pytest.fixture(scope="module")
def articles() -> list[Path]:
    shared = Path(__file__).resolve().parents[1].parent / "shared"
    paths = [shared / a for a in ARTICLES]
    if not all(p.is_file() for p in paths):
        pytest.skip("../shared with the dev texts and the corpus is not beside the repository")
    return paths


def _popen(point: str, args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", BOOT, point, *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _run(args: list[str]) -> float:
    """Run ``claimscope ARGS`` to its end; the seconds it took."""
    t0 = time.monotonic()
    proc = _popen("none", args)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    return time.monotonic() - t0


def _kill_at(point: str, args: list[str]) -> None:
    """Run ``claimscope ARGS`` and let it kill itself at ``point``; fails if it ends first."""
    proc = _popen(point, args)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL, f"{point}: not reached\n{err.decode()}"


def _kill_after(delay: float, args: list[str]) -> bool:
    """Run ``claimscope ARGS`` and SIGKILL it after ``delay`` s; whether it was still running."""
    proc = _popen("none", args)
    try:
        proc.wait(delay)
    except subprocess.TimeoutExpired:
        proc.kill()
    proc.wait()
    assert proc.returncode in (0, -signal.SIGKILL), (
        proc.stderr.read().decode() if proc.stderr else ""
    )
    return proc.returncode == -signal.SIGKILL


def _copy(src: Path, dst: Path) -> Path:
    """A consistent copy of the ledger ``src`` (whatever is still in its WAL)."""
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    a.close()
    b.close()
    return dst


def _whole(db: Path) -> None:
    """The ledger as any crash must leave it: not damaged, nothing stored twice."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        for sql in (
            "SELECT count(*) - count(DISTINCT id) FROM documents",
            "SELECT count(*) - count(DISTINCT text) FROM documents",
            "SELECT count(*) - count(DISTINCT id) FROM claims",
            "SELECT count(*) FROM claims WHERE doc_id NOT IN (SELECT id FROM documents)",
        ):
            assert conn.execute(sql).fetchone()[0] == 0, sql
    finally:
        conn.close()


def _state(db: Path) -> dict[str, object]:
    """What a finished run leaves: documents, claims with status and situation, situations,
    and the work left over (pending documents, claims not assessed)."""
    _whole(db)
    conn = sqlite3.connect(db)
    try:
        return {
            "documents": sorted(r[0] for r in conn.execute("SELECT id FROM documents")),
            "claims": sorted(conn.execute("SELECT id, status, situation_id, reasons FROM claims")),
            "situations": sorted(
                conn.execute(
                    'SELECT id, axis, title, actor, area, start, "end", claims FROM situations'
                )
            ),
            "pending": conn.execute("SELECT count(*) FROM documents WHERE pending = 1").fetchone()[
                0
            ],
            "not_assessed": conn.execute(
                "SELECT count(*) FROM claims WHERE status = 'not_assessed'"
            ).fetchone()[0],
            "leases": conn.execute("SELECT count(*) FROM leases").fetchone()[0],
        }
    finally:
        conn.close()


def _same(got: dict[str, object], want: dict[str, object], what: str) -> None:
    assert got["pending"] == 0 and got["not_assessed"] == 0, f"{what}: work left undone"
    assert got["leases"] == 0, f"{what}: a lease left behind"
    for key in ("documents", "claims", "situations"):
        assert got[key] == want[key], f"{what}: {key} differ from an uninterrupted run"


@pytest.fixture(scope="module")
def ledgers(articles, tmp_path_factory) -> dict[str, object]:
    """A ledger holding the first two articles (assessed), and the same after an
    uninterrupted ``analyze`` of all five, with its state, export and durations."""
    tmp = tmp_path_factory.mktemp("kill")
    base = tmp / "base.db"
    _run(["analyze", *map(str, articles[:2]), "--db", str(base), "-q"])
    full = _copy(base, tmp / "full.db")
    seconds = _run(["analyze", *map(str, articles), "--db", str(full), "-q"])
    assert _state(full)["pending"] == 0 and len(_state(full)["documents"]) == len(articles)
    assessed = _copy(full, tmp / "assessed.db")
    assess_seconds = _run(["assess", "--db", str(assessed)])
    out = tmp / "claims.jsonl"
    _run(["export", "-f", "jsonl", "-o", str(out), "--db", str(full)])
    return {
        "base": base,
        "full": full,
        "state": _state(full),
        "seconds": seconds,
        "assessed": _state(assessed),
        "assess_seconds": assess_seconds,
        "export": out.read_bytes(),
    }


def _delays(seconds: float, n: int) -> list[float]:
    rng = random.Random(SEED)
    return [rng.uniform(0.2, seconds) for _ in range(n)]


def test_reliability_kill_analyze_at_chosen_and_random_moments(articles, ledgers, tmp_path):
    args = ["analyze", *map(str, articles), "-q"]
    chosen = [
        "in-write:1",  # the first new document: its transaction open, COMMIT not yet
        "after-write:2",
        "before-assessment",  # every document written and pending, no assessment
        "in-assessment",  # the assessment's transaction open
    ]
    for n, point in enumerate(chosen):
        db = _copy(ledgers["base"], tmp_path / f"chosen-{n}.db")
        _kill_at(point, [*args, "--db", str(db)])
        _whole(db)
        left = _state(db)
        if point in ("before-assessment", "in-assessment"):
            assert left["pending"] == 3 and left["not_assessed"] > 0, point
        _run([*args, "--db", str(db)])
        _same(_state(db), ledgers["state"], point)

    db = _copy(ledgers["base"], tmp_path / "random.db")
    for delay in _delays(ledgers["seconds"], RANDOM_KILLS):  # one crash after another
        _kill_after(delay, [*args, "--db", str(db)])
        _whole(db)
    _run([*args, "--db", str(db)])
    _same(_state(db), ledgers["state"], "random delays")


def test_reliability_kill_assess_at_chosen_and_random_moments(ledgers, tmp_path):
    for n, point in enumerate(["before-assessment", "in-assessment"]):
        db = _copy(ledgers["full"], tmp_path / f"chosen-{n}.db")
        _kill_at(point, ["assess", "--db", str(db)])
        assert _state(db) == ledgers["state"], f"{point}: the killed assessment changed the ledger"
        _run(["assess", "--db", str(db)])
        _same(_state(db), ledgers["assessed"], point)
    db = _copy(ledgers["full"], tmp_path / "random.db")
    for delay in _delays(ledgers["assess_seconds"], RANDOM_KILLS):
        _kill_after(delay, ["assess", "--db", str(db)])
        _whole(db)
    _run(["assess", "--db", str(db)])
    _same(_state(db), ledgers["assessed"], "random delays")


def test_reliability_kill_export_leaves_the_old_file_or_a_complete_one(ledgers, tmp_path):
    complete = ledgers["export"]
    old = b'{"an": "older export"}\n'
    cases = [("export-half:3", True), ("export-rename", True), ("export-rename", False)]
    for n, (point, existed) in enumerate(cases):
        folder = tmp_path / f"chosen-{n}"
        folder.mkdir()
        out = folder / "claims.jsonl"
        if existed:
            out.write_bytes(old)
        args = ["export", "-f", "jsonl", "-o", str(out), "--db", str(ledgers["full"])]
        _kill_at(point, args)
        assert (out.read_bytes() == old) if existed else not out.exists(), point
        _run(args)
        assert out.read_bytes() == complete, point
        assert sorted(p.name for p in folder.iterdir()) == ["claims.jsonl"], (
            f"{point}: the killed export's temporary file is left in the folder"
        )
    folder = tmp_path / "random"
    folder.mkdir()
    out = folder / "claims.jsonl"
    out.write_bytes(old)
    args = ["export", "-f", "jsonl", "-o", str(out), "--db", str(ledgers["full"])]
    for delay in _delays(1.5, RANDOM_KILLS):
        _kill_after(delay, args)
        assert out.read_bytes() in (old, complete)
    _run(args)
    assert out.read_bytes() == complete
    assert sorted(p.name for p in folder.iterdir()) == ["claims.jsonl"]


def test_reliability_kill_export_removes_only_a_dead_exports_temporary_file(tmp_path):
    from claimscope.export import export_file

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a pid that no process has any more (reused this quickly: practically never)
    out = tmp_path / "claims.jsonl"
    left = tmp_path / f".claims.jsonl.{dead.pid}.0123abcd.tmp"
    running = tmp_path / f".claims.jsonl.{os.getpid()}.89abcdef.tmp"  # an export in progress
    other = tmp_path / f".other.jsonl.{dead.pid}.0123abcd.tmp"  # another file's export
    for path in (left, running, other):
        path.write_text("{}\n", encoding="utf-8")
    assert export_file([{"id": "c1"}], "jsonl", out) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["claims.jsonl", running.name, other.name]
    )
