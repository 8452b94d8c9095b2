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
import time
from pathlib import Path

import pytest

from claimscope.errors import StoreError, StoreUnavailableError
from claimscope.ledger import Ledger
from claimscope.model import Document
from claimscope.pipeline import Pipeline
from claimscope.settings import Settings
from tests.cli.test_cli import run, write_corpus
from tests.conftest import foreign_database

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
    # Not read-only: a read-only connection leaves -wal and -shm files behind, closing this one
    # removes them, as claimscope's own writer does.
    conn = sqlite3.connect(db)
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
    names = {p.name for p in tmp_path.iterdir()} - {"ledger.db-wal", "ledger.db-shm"}
    assert names == {"claims.jsonl", "ledger.db"}  # no temporary file left
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


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize(
    "command",
    [["claims", "-f", "jsonl"], ["claims", "-f", "csv"], ["export", "-f", "csv", "-o", "-"]],
)
def test_reliability_standard_output_on_a_full_disk(ledger, command):
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "claimscope", *command, "--db", str(ledger)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert "No space left" in one_line_error(proc, "stdout")


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


# ---------------------------------------------------------------------- what is not a ledger
@pytest.mark.parametrize(
    "command",
    [
        ["claims"],
        ["export", "-f", "jsonl", "-o", "out.jsonl"],
        ["show", "abc"],
        ["situations"],
        ["why", "abc"],
        ["analyze", "IN", "-q"],
    ],
)
def test_reliability_a_database_that_is_not_a_ledger_is_refused_untouched(tmp_path, command):
    db = foreign_database(tmp_path / "notes.db")
    before = db.read_bytes()
    (tmp_path / "in.txt").write_text(
        "date 2023-05-02\nThe governor said two bridges were closed.\n", encoding="utf-8"
    )
    args = [str(tmp_path / "in.txt") if a == "IN" else a for a in command]
    proc = run(*args, "--db", str(db), check=False, cwd=tmp_path)
    assert "not a claimscope ledger" in one_line_error(proc, str(db))
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt", "notes.db"]


def test_reliability_an_empty_file_becomes_a_ledger_only_by_analyze(tmp_path):
    db = tmp_path / "new.db"
    db.touch()
    proc = run("claims", "--db", str(db), check=False)
    assert "analyze" in one_line_error(proc, str(db))
    assert db.stat().st_size == 0
    (tmp_path / "in.txt").write_text(
        'date 2023-05-02\n"We closed two bridges," the governor told reporters.\n',
        encoding="utf-8",
    )
    run("analyze", str(tmp_path / "in.txt"), "--db", str(db), "-q")
    assert count(db) >= 1


def test_reliability_a_read_never_migrates_an_older_ledger(tmp_path):
    from claimscope.store.sqlite import migrations

    db = tmp_path / "old.db"
    conn = sqlite3.connect(db, isolation_level=None)
    for version, _, sql in migrations()[:-1]:
        conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version={version};\nCOMMIT;")
    conn.close()
    before = db.read_bytes()
    for command in (["claims"], ["export", "-f", "csv", "-o", str(tmp_path / "x.csv")]):
        proc = run(*command, "--db", str(db), check=False)
        assert "claimscope assess" in one_line_error(proc, str(db))
        assert db.read_bytes() == before
    run("assess", "--db", str(db))  # a write command upgrades it
    assert len(run("claims", "--db", str(db), "-f", "jsonl").stdout.splitlines()) == 0


# ---------------------------------------------------------------------- a ledger that cannot be written
def as_user(*args: str, **kw) -> subprocess.CompletedProcess:
    if AS_USER and not shutil.which("setpriv"):
        pytest.skip("root, and no setpriv to drop the capabilities that ignore file modes")
    return subprocess.run(
        [*AS_USER, sys.executable, "-m", "claimscope", *args], capture_output=True, text=True, **kw
    )


def test_reliability_analyze_into_a_read_only_ledger_is_one_line(ledger, more):
    n = count(ledger)
    ledger.chmod(0o444)
    proc = as_user("analyze", str(more), "--db", str(ledger), "-q")
    assert "read-only" in one_line_error(proc, str(ledger))
    assert count(ledger) == n
    listed = as_user("claims", "--db", str(ledger), "-f", "jsonl")  # a read still works
    assert listed.returncode == 0 and len(listed.stdout.splitlines()) == n


def test_reliability_analyze_in_a_read_only_folder_is_one_line(ledger, more):
    n = count(ledger)
    ledger.parent.chmod(0o555)  # no room for the -wal and -shm files
    try:
        proc = as_user("analyze", str(more), "--db", str(ledger), "-q")
        assert "read-only" in one_line_error(proc, str(ledger))
        listed = as_user("claims", "--db", str(ledger), "-f", "jsonl")
        assert "Traceback" not in listed.stderr
        assert listed.returncode == 0 or len(listed.stderr.strip().splitlines()) == 1
    finally:
        ledger.parent.chmod(0o755)
    assert count(ledger) == n


def test_reliability_analyze_while_another_process_holds_the_lock(ledger, more):
    n = count(ledger)
    holder = sqlite3.connect(ledger, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        proc = run(
            "analyze", str(more), "--db", str(ledger), "-q",
            check=False, env={**os.environ, "CLAIMSCOPE_LOCK_TIMEOUT": "0.2"},
        )  # fmt: skip
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "locked" in one_line_error(proc, str(ledger))
    assert count(ledger) == n


def test_reliability_lock_timeout_option_waits_that_long_and_names_the_setting(ledger, more):
    """--lock-timeout is how long analyze waits for a lock another connection holds; it wins
    over CLAIMSCOPE_LOCK_TIMEOUT (here 120 s, which would hold the test up)."""
    n = count(ledger)
    holder = sqlite3.connect(ledger, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        started = time.monotonic()
        proc = run(
            "analyze", str(more), "--db", str(ledger), "-q", "--lock-timeout", "1.5",
            check=False, env={**os.environ, "CLAIMSCOPE_LOCK_TIMEOUT": "120"},
        )  # fmt: skip
        elapsed = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    line = one_line_error(proc, str(ledger), "--lock-timeout 1.5 s")
    assert "locked by another process" in line
    assert 1.5 <= elapsed < 60, elapsed
    assert count(ledger) == n


def _locked_write(path: Path, settings: Settings) -> tuple[str, float]:
    """The error of a Ledger writing ``path`` while another connection holds its lock, and
    the seconds it waited."""
    with Ledger(path, settings, Pipeline([])) as ledger:
        assert ledger.store.conn is not None  # opened (and migrated) before the lock
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        started = time.monotonic()
        try:
            with pytest.raises(StoreUnavailableError) as raised:
                ledger.add(Document("Kyiv said on Tuesday that it saw no pullback.", lang="en"))
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    return str(raised.value), time.monotonic() - started


def test_reliability_lock_timeout_setting_and_environment(tmp_path, monkeypatch):
    """Settings.lock_timeout is the wait; without it CLAIMSCOPE_LOCK_TIMEOUT is, and a value
    there that is not a number is one line naming the ledger and the variable."""
    db = tmp_path / "l.db"
    monkeypatch.setenv("CLAIMSCOPE_LOCK_TIMEOUT", "120")
    message, waited = _locked_write(db, Settings(lock_timeout=0.6))
    assert message.startswith(f"{db}: cannot ") and "(waited --lock-timeout 0.6 s)" in message
    assert "\n" not in message and 0.6 <= waited < 30, waited
    monkeypatch.setenv("CLAIMSCOPE_LOCK_TIMEOUT", "0.3")
    message, waited = _locked_write(db, Settings())
    assert "(waited --lock-timeout 0.3 s)" in message and 0.3 <= waited < 30, waited
    assert "CLAIMSCOPE_LOCK_TIMEOUT" in message
    monkeypatch.setenv("CLAIMSCOPE_LOCK_TIMEOUT", "half a minute")
    with pytest.raises(StoreError) as raised:
        Ledger(db).close()
    assert str(raised.value) == (
        f"{db}: CLAIMSCOPE_LOCK_TIMEOUT='half a minute' is not a number of seconds (the wait "
        "for the ledger's lock, --lock-timeout)"
    )
    monkeypatch.delenv("CLAIMSCOPE_LOCK_TIMEOUT")
    assert Ledger(db).store.timeout == 30  # type: ignore[attr-defined]


def test_reliability_analyze_on_a_full_disk(ledger, more):
    n = count(ledger)

    def full_disk() -> None:  # room for the 32 kB -shm file and a few pages of write-ahead log
        resource.setrlimit(resource.RLIMIT_FSIZE, (40_000, 40_000))

    proc = subprocess.run(
        [sys.executable, "-m", "claimscope", "analyze", str(more), "--db", str(ledger), "-q"],
        capture_output=True,
        text=True,
        preexec_fn=full_disk,
    )
    one_line_error(proc, str(ledger))
    # The documents stored before the disk filled stay, whole; nothing else is lost.
    conn = sqlite3.connect(ledger)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    per_doc = conn.execute("SELECT count(*) FROM claims GROUP BY doc_id").fetchall()
    conn.close()
    assert count(ledger) >= n and {c for (c,) in per_doc} == {4}


@pytest.mark.parametrize(
    "command", [["claims"], ["export", "-f", "csv", "-o", "x.csv"], ["analyze", "IN", "-q"]]
)
def test_reliability_a_folder_given_as_the_ledger(tmp_path, command):
    (tmp_path / "in.txt").write_text("date 2023-05-02\nThe mayor said so.\n", encoding="utf-8")
    args = [str(tmp_path / "in.txt") if a == "IN" else a for a in command]
    proc = run(*args, "--db", str(tmp_path), check=False, cwd=tmp_path)
    assert "is a folder" in one_line_error(proc, str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.txt"]
