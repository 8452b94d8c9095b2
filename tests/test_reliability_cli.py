"""Issue 11, reliability: what a user can do wrong, or what the machine can do to the user, through
the real CLI. Each case exits with one line `error: ...` that names the file, never a traceback,
and leaves the ledger as it was (the same claims, and for a read, the same bytes)."""

from __future__ import annotations

import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import run, write_corpus

# Root writes to a chmod 444 file; dropping these capabilities makes root an ordinary user.
AS_USER = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    if os.geteuid() == 0
    else []
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """One analysed ledger for the module (analysing is the slow part); tests use copies."""
    folder = tmp_path_factory.mktemp("built")
    write_corpus(folder / "in", 8)
    run("analyze", str(folder / "in"), "--db", str(folder / "ledger.db"), "-q")
    return folder / "ledger.db"


@pytest.fixture
def ledger(built, tmp_path) -> Path:
    db = tmp_path / "ledger.db"
    shutil.copyfile(built, db)
    return db


@pytest.fixture
def more(tmp_path) -> Path:
    """Articles the ledger does not hold yet, so that analysing them writes."""
    folder = tmp_path / "more"
    write_corpus(folder, 5)
    for i, path in enumerate(sorted(folder.iterdir())):
        path.write_text(path.read_text(encoding="utf-8") + f" Update {i}.\n", encoding="utf-8")
    return folder


def count(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM claims").fetchone()[0]
    finally:
        conn.close()


def one_line_error(proc: subprocess.CompletedProcess, *names: str) -> str:
    """The stderr of a failed command: exit 1, one line `error: ...` naming ``names``."""
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 1, proc.stderr
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    for name in names:
        assert name in lines[0], f"{name!r} not in {lines[0]!r}"
    return lines[0]


# ---------------------------------------------------------------------- export onto the ledger
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_reliability_export_refuses_to_overwrite_the_ledger(ledger, fmt):
    n, before = count(ledger), ledger.read_bytes()
    proc = run("export", "-f", fmt, "-o", str(ledger), "--db", str(ledger), check=False)
    assert "is the ledger" in one_line_error(proc, str(ledger))
    assert ledger.read_bytes() == before and count(ledger) == n


def test_reliability_export_refuses_the_ledger_by_another_name(ledger, tmp_path):
    n = count(ledger)
    (tmp_path / "link.db").symlink_to(ledger)
    (tmp_path / "sub").mkdir()
    for target in (
        tmp_path / "link.db",  # a symlink to the ledger
        tmp_path / "sub" / ".." / "ledger.db",  # the same path spelled otherwise
        Path(f"{ledger}-wal"),  # the ledger's write-ahead log
        Path(f"{ledger}-shm"),
    ):
        proc = run("export", "-f", "jsonl", "-o", str(target), "--db", str(ledger), check=False)
        one_line_error(proc, str(target))
        assert count(ledger) == n
    relative = run(
        "export", "-f", "csv", "-o", "ledger.db", "--db", str(ledger), check=False, cwd=tmp_path
    )
    one_line_error(relative, "ledger.db")
    assert count(ledger) == n


def test_reliability_a_failed_export_leaves_the_old_file_and_no_temporary(ledger, tmp_path):
    old = tmp_path / "claims.jsonl"
    old.write_text("the previous export\n", encoding="utf-8")

    def small_files() -> None:  # room for the ledger's 32 kB -shm file, not for the export
        resource.setrlimit(resource.RLIMIT_FSIZE, (34_000, 34_000))

    proc = subprocess.run(
        [sys.executable, "-m", "claimscope", "export", "-f", "jsonl", "-o", str(old)]
        + ["--db", str(ledger)],
        capture_output=True,
        text=True,
        preexec_fn=small_files,
    )
    assert "File too large" in one_line_error(proc, str(old))
    assert old.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.jsonl", "ledger.db"]
    ok = run("export", "-f", "jsonl", "-o", str(old), "--db", str(ledger))
    assert len(old.read_text(encoding="utf-8").splitlines()) == count(ledger)
    assert f"{count(ledger)} claims written" in ok.stderr


def test_reliability_export_keeps_the_mode_of_the_file_it_replaces(ledger, tmp_path):
    out = tmp_path / "claims.csv"
    out.write_text("old\n", encoding="utf-8")
    out.chmod(0o640)
    run("export", "-f", "csv", "-o", str(out), "--db", str(ledger))
    assert (out.stat().st_mode & 0o777) == 0o640 and out.read_text(encoding="utf-8") != "old\n"


# ---------------------------------------------------------------------- export targets
@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_reliability_export_to_a_folder_a_missing_folder_or_a_full_disk(ledger, tmp_path, fmt):
    n = count(ledger)
    folder = run("export", "-f", fmt, "-o", str(tmp_path), "--db", str(ledger), check=False)
    assert "folder" in one_line_error(folder, str(tmp_path))
    missing = tmp_path / "nope" / f"claims.{fmt}"
    gone = run("export", "-f", fmt, "-o", str(missing), "--db", str(ledger), check=False)
    assert "does not exist" in one_line_error(gone, str(missing))
    if Path("/dev/full").exists():
        full = run("export", "-f", fmt, "-o", "/dev/full", "--db", str(ledger), check=False)
        assert "space" in one_line_error(full, "/dev/full")
        assert Path("/dev/full").is_char_device()
    assert count(ledger) == n


def test_reliability_export_to_a_device_still_writes(ledger):
    proc = run("export", "-f", "jsonl", "-o", "/dev/null", "--db", str(ledger))
    assert f"{count(ledger)} claims written to /dev/null" in proc.stderr
    assert Path("/dev/null").is_char_device()


# ---------------------------------------------------------------------- claims filters
@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--since", "garbage", "YYYY-MM-DD"),
        ("--until", "garbage", "YYYY-MM-DD"),
        ("--since", "2023-13", "YYYY-MM-DD"),
        ("--until", "2023-02-30", "YYYY-MM-DD"),
        ("--status", "bogus", "corroborated"),
        ("--lang", "english", "ISO 639"),
        ("--limit", "0", "positive"),
        ("--limit", "-1", "positive"),
        ("--limit", "99999999999999999999", "positive"),
    ],
)
def test_reliability_claims_refuses_a_filter_that_cannot_be_right(ledger, option, value, says):
    n = count(ledger)
    proc = run("claims", option, value, "--db", str(ledger), check=False)
    line = one_line_error(proc, value)
    assert says in line and proc.stdout == ""
    assert count(ledger) == n


def test_reliability_claims_filters_that_are_right_still_work(ledger):
    n = count(ledger)
    for args, expected in (
        (("--limit", "1"), 1),
        (("--since", "2023"), n),
        (("--until", "2023-03"), n),
        (("--lang", "EN"), n),
        (("--status", "unverified", "--limit", str(2**63 - 1)), None),
    ):
        proc = run("claims", *args, "--db", str(ledger), "-f", "jsonl")
        got = len(proc.stdout.splitlines())
        assert got == expected if expected is not None else 0 < got <= n, args
