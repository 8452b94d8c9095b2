"""Shared fixtures. Real articles are read from ../shared at test time, never copied here."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest

from claimscope.model import Claim, Claimant, Document, Mention, Place, Proposition, Sentence
from tests.pg_server import Cluster, Unavailable

# Every pipeline built in the tests checks that each stage changes only what it assigns
# (claimscope.contract); set before any test builds one, inherited by worker processes.
os.environ["CLAIMSCOPE_CHECK_STAGES"] = "1"

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def claim_schema() -> dict:
    text = resources.files("claimscope").joinpath("schema", "claim.schema.json").read_text("utf-8")
    return json.loads(text)


def make_document(text: str | None = None, date: str = "2022-02-15") -> Document:
    """A hand-annotated document (written for these tests) with one quote claim."""
    text = text or (
        "The ministry said on Tuesday that troops were returning to their bases. "
        '"We never planned an attack," a spokesman told reporters in Moscow.'
    )
    doc = Document(text=text, date=date, date_precision="day" if len(date) == 10 else "month")
    doc.lang = "en"
    second = text.index('"')
    doc.sentences = [Sentence(0, second - 1, "en"), Sentence(second, len(text), "en")]
    speaker = text.index("a spokesman")
    cue = text.index("told reporters")
    doc.claims = [
        Claim(
            start=second,
            end=len(text),
            claimant=Claimant("a spokesman", "a spokesman", speaker, speaker + len("a spokesman")),
            source_type="unknown",
            mode="direct_quote",
            proposition=Proposition("ASSAULT"),
            modality="negated",
            cue="told reporters",
            cue_start=cue,
            cue_end=cue + len("told reporters"),
            lang="en",
        )
    ]
    if "Moscow" in text:
        m = text.index("Moscow")
        doc.mentions = [Mention(m, m + 6, "place", "Moscow", Place("Moscow", "RU"))]
    return doc


@pytest.fixture
def sample_doc() -> Document:
    return make_document()


@pytest.fixture
def language_copy(tmp_path: Path) -> Path:
    """A copy of the package's ``lang/`` folder to edit or add to, so that the installed data is
    never touched; point ``claimscope.lang.loader.language_root`` at it with monkeypatch."""
    from claimscope.lang.loader import language_root

    copy = tmp_path / "lang"
    shutil.copytree(str(language_root()), copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def kill_when_stored(args: list[str], db: Path, documents: int, wait: float = 120) -> None:
    """Run ``claimscope ARGS`` and ``kill -9`` it as soon as the ledger ``db`` holds
    ``documents`` documents (read read-only from outside, as another process would); fails
    the test if the run ends first."""
    import os
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    proc = subprocess.Popen(
        [sys.executable, "-m", "claimscope", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
        try:
            conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
            stored = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            conn.close()
        except sqlite3.Error:
            continue
        if stored >= documents:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"


def foreign_database(path: Path) -> Path:
    """Somebody else's SQLite database: a table, a row, and no claimscope schema."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('keep me')")
    conn.commit()
    conn.close()
    return path


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[Cluster]:
    """A throw-away PostgreSQL cluster (tests/pg_server.py), started once for the session;
    skips with the reason where no server can be installed or started."""
    try:
        cluster = Cluster.start()
    except Unavailable as e:
        pytest.skip(f"no PostgreSQL server: {e}")
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_server: Cluster) -> Iterator[str]:
    """The URL of a new, empty database in the test cluster, dropped after the test."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_server.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # a name made here, not given
    yield postgres_server.url(name)
    with psycopg.connect(postgres_server.url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
