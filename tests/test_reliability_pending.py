"""Issue 11: work interrupted between storing documents and assessing them is finished by the
next run, and a document stored with a problem (a wrong --lang, no date) is reported and can be
redone. Texts written for these tests: short reports on Russian troops near the Ukrainian
border, in Dutch and English, on nearby dates."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

import claimscope.ledger as ledger_module
from claimscope.ledger import Ledger
from claimscope.settings import Settings
from tests.cli.test_cli import run, write_corpus
from tests.conftest import kill_when_stored

ARTICLES = {
    "a-nl.txt": (
        "2022-02-14",
        "Rusland heeft volgens de Amerikaanse regering zo'n 130.000 militairen samengetrokken bij "
        'de grens met Oekraïne. "De troepen staan klaar," zei een woordvoerder van het Pentagon '
        "maandag. Op satellietfoto's was te zien dat er nieuwe tenten waren opgezet bij Belgorod.",
    ),
    "b-en.txt": (
        "2022-02-15",
        "Russia's defence ministry said on Tuesday that some units were returning to their bases "
        'after exercises near the Ukrainian border. "The troops are going home," a ministry '
        "spokesman told reporters in Moscow.",
    ),
    "c-nl.txt": (
        "2022-02-16",
        "De NAVO gelooft niet dat Rusland zijn troepen terugtrekt. Volgens secretaris-generaal "
        "Stoltenberg worden er juist meer militairen naar de grens met Oekraïne gestuurd. "
        "Oekraïne zegt dat het pas in een terugtrekking gelooft als het die ziet.",
    ),
    "d-en.txt": (
        "2022-02-17",
        "US officials said on Thursday that Russia had moved another 7,000 troops to the border "
        "with Ukraine in recent days, despite Moscow's claims of a pullback. Satellite images "
        "taken on Wednesday showed new field hospitals near Belgorod.",
    ),
}


def _write(folder: Path, names: list[str], seed: bool = True) -> list[Path]:
    """The articles ``names`` as files: seed format (with their date) or bare text."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in names:
        day, text = ARTICLES[name]
        path = folder / name
        path.write_text(f"date {day}\n{text}\n" if seed else text + "\n", encoding="utf-8")
        out.append(path)
    return out


def _statuses(db: Path) -> dict[str, str]:
    with Ledger(db) as ledger:
        return {c.id: c.status for c in ledger.claims()}


def _groups(db: Path) -> set[frozenset[str]]:
    """The situations as sets of claim ids (situation ids depend on the opening claim)."""
    out: dict[str, set[str]] = {}
    with Ledger(db) as ledger:
        for c in ledger.claims():
            if c.situation_id:
                out.setdefault(c.situation_id, set()).add(c.id)
    return {frozenset(v) for v in out.values()}


# ---------------------------------------------------------------------- 1. interrupted work
def test_reliability_pending_analyze_finishes_an_assessment_left_undone(tmp_path):
    paths = _write(tmp_path / "in", sorted(ARTICLES))
    whole = tmp_path / "whole.db"
    with Ledger(whole) as ledger:
        ledger.analyze(paths)
    db = tmp_path / "ledger.db"
    with Ledger(db) as ledger:
        ledger.analyze(paths[:2])  # assessed: the ledger has a policy from now on
        ledger.analyze(paths[2:], assess=False)  # stored, then "killed" before the assessment
        assert set(ledger.store.pending_documents()) == {d.id for d in ledger.documents()} - {
            d.id for d in ledger.documents() if d.origin in {str(p) for p in paths[:2]}
        }
        report = ledger.analyze(paths)
        assert report.unchanged == 4 and report.new == 0
        assert report.assessment is not None, "nothing new, but the pending ones are assessed"
        assert ledger.store.pending_documents() == []
    statuses = _statuses(db)
    assert "not_assessed" not in statuses.values()
    assert statuses == _statuses(whole)


def test_reliability_pending_a_failed_assessment_is_done_by_the_next_run(tmp_path, monkeypatch):
    paths = _write(tmp_path / "in", sorted(ARTICLES))
    db = tmp_path / "ledger.db"
    with Ledger(db) as ledger:
        ledger.analyze(paths[:1])
        real = ledger_module.assess_claims

        def broken(*args, **kw):
            raise KeyboardInterrupt  # as Ctrl-C between the documents and their assessment

        monkeypatch.setattr(ledger_module, "assess_claims", broken)
        with pytest.raises(KeyboardInterrupt):
            ledger.analyze(paths)
        monkeypatch.setattr(ledger_module, "assess_claims", real)
    assert list(_statuses(db).values()).count("not_assessed") > 0
    with Ledger(db) as ledger:
        report = ledger.analyze(paths)
        assert report.unchanged == 4 and report.assessment is not None
    assert "not_assessed" not in _statuses(db).values()


def test_reliability_pending_a_full_assessment_clears_every_mark(tmp_path):
    paths = _write(tmp_path / "in", sorted(ARTICLES))
    with Ledger(tmp_path / "ledger.db") as ledger:
        ledger.analyze(paths, assess=False)
        assert len(ledger.store.pending_documents()) == 4
        ledger.assess()
        assert ledger.store.pending_documents() == []


def test_reliability_pending_kill_9_during_analyze_then_rerun_assesses_everything(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    write_corpus(first, 5)
    write_corpus(second, 60)
    for i, path in enumerate(sorted(second.iterdir())):  # other texts than the first batch
        path.write_text(path.read_text(encoding="utf-8") + f"Update {i}.\n", encoding="utf-8")
    db = tmp_path / "killed.db"
    run("analyze", str(first), "--db", str(db), "-q")  # assessed: incremental from now on
    kill_when_stored(["analyze", str(second), "--db", str(db), "-q"], db, 5 + 10)
    conn = sqlite3.connect(db)
    left = conn.execute("SELECT count(*) FROM claims WHERE status = 'not_assessed'").fetchone()[0]
    conn.close()
    assert left > 0, "the kill came after the assessment: nothing to finish"

    run("analyze", str(second), "--db", str(db), "-q")
    conn = sqlite3.connect(db)
    left = conn.execute("SELECT count(*) FROM claims WHERE status = 'not_assessed'").fetchone()[0]
    assert left == 0, f"{left} claims of the documents stored by the killed run not assessed"
    pending = conn.execute("SELECT count(*) FROM documents WHERE pending = 1").fetchone()[0]
    total = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    conn.close()
    assert (pending, total) == (0, 65)


# ---------------------------------------------------------------------- 3. stored with a problem
def test_reliability_pending_wrong_lang_is_reported_and_redone_with_the_right_one(tmp_path):
    (path,) = _write(tmp_path / "in", ["a-nl.txt"], seed=False)
    db = tmp_path / "ledger.db"
    wrong = Settings(default_lang="xx", default_date="2022-02-14")
    with Ledger(db, settings=wrong) as ledger:
        report = ledger.analyze([path])
    assert report.new == 1 and report.claims == 0
    assert report.problems == [f"{path}: language 'xx' is not supported (no lang/ folder)"]

    right = Settings(default_lang="nl", default_date="2022-02-14")
    with Ledger(db, settings=right) as ledger:
        again = ledger.analyze([path])  # another --lang: not "unchanged"
        assert (again.unchanged, again.outdated) == (0, 1)
        redone = ledger.analyze([path], reanalyze=True)
        assert redone.reanalyzed == 1 and redone.claims > 0 and redone.problems == []
        (info,) = ledger.documents()
        assert info.lang == "nl" and info.problem is None


def test_reliability_pending_missing_date_is_reported_and_redone_with_reanalyze(tmp_path):
    (path,) = _write(tmp_path / "in", ["b-en.txt"], seed=False)
    db = tmp_path / "ledger.db"
    with Ledger(db) as ledger:
        report = ledger.analyze([path])
        assert report.problems == [f"{path}: no date (use --date)"]
        (info,) = ledger.documents()
        assert info.problem == "no date (use --date)"
        # Same options: kept, and the problem is said again; --reanalyze redoes it.
        kept = ledger.analyze([path])
        assert kept.unchanged == 1 and kept.problems == report.problems
        assert ledger.analyze([path], reanalyze=True).reanalyzed == 1
    with Ledger(db, settings=Settings(default_date="2022-02-15")) as ledger:
        redone = ledger.analyze([path], reanalyze=True)
        assert redone.reanalyzed == 1 and redone.problems == []
        (info,) = ledger.documents()
        assert info.date == "2022-02-15" and info.problem is None
        assert ledger.analyze([path], reanalyze=True).unchanged == 1  # nothing left to redo


def test_reliability_pending_cli_summary_names_the_documents_with_a_problem(tmp_path):
    a, b = _write(tmp_path / "in", ["a-nl.txt", "b-en.txt"], seed=False)
    db = tmp_path / "ledger.db"
    wide = {**os.environ, "COLUMNS": "2000"}  # no wrapping inside the long temporary paths
    proc = run("analyze", str(a), str(b), "--lang", "xx", "--db", str(db), "-q", env=wide)
    err = proc.stderr
    assert "2 documents stored with a problem:" in err
    assert (
        f"{a}: language 'xx' is not supported (no lang/ folder) and no date (use --date); " in err
    )
    assert f"{b}: language 'xx' is not supported (no lang/ folder) and no date (use --date)" in err
