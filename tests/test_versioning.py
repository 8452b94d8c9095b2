"""The stored version knows the data: an edit of one language's files outdates the documents in
that language and no others. The articles are written for these tests."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from claimscope.lang import loader
from claimscope.ledger import Ledger
from claimscope.model import Document, Sentence
from claimscope.pipeline import Pipeline
from claimscope.stages import syntax
from claimscope.stages.attribution_model import MODEL_LANGS
from claimscope.versioning import (
    UNKNOWN,
    data_digest,
    document_version,
    is_current,
    language_sources,
    parse_version,
    shared_sources,
)

DUTCH = (
    "date 2023-06-01\n"
    "“Wij hebben de brug niet opgeblazen,” zei de woordvoerder van het ministerie woensdag "
    "tegen verslaggevers in de hoofdstad. Volgens de burgemeester van de stad zijn er die nacht "
    "twee mensen gewond geraakt bij de beschietingen.\n"
)
ENGLISH = (
    "date 2023-06-01\n"
    "“We did not blow up the bridge,” the ministry spokesman told reporters in the capital on "
    "Wednesday. According to the mayor of the city, two people were wounded in the shelling "
    "that night.\n"
)


def write_articles(folder: Path) -> Path:
    folder.mkdir()
    (folder / "nl.txt").write_text(DUTCH, encoding="utf-8")
    (folder / "en.txt").write_text(ENGLISH, encoding="utf-8")
    return folder


def stored_versions(ledger: Ledger) -> dict[str, tuple[str, str]]:
    """lang -> (doc id, stored version)."""
    return {d.lang: (d.id, d.pipeline_version) for d in ledger.documents()}


def test_versioning_an_edit_of_dutch_data_outdates_only_the_dutch_document(
    tmp_path, monkeypatch, language_copy
):
    folder = write_articles(tmp_path / "in")
    db = tmp_path / "ledger.db"
    with Ledger(db) as ledger:
        assert ledger.analyze([folder], assess=False).new == 2
        before = stored_versions(ledger)
    assert set(before) == {"nl", "en"}
    for lang, (_, version) in before.items():
        parsed = parse_version(version)
        assert parsed is not None and parsed[:2] == (Pipeline().version, (lang,))

    # An untouched copy of the data is the same data: nothing is outdated.
    monkeypatch.setattr(loader, "language_root", lambda: language_copy)
    with Ledger(db) as ledger:
        report = ledger.analyze([folder], assess=False)
        assert (report.unchanged, report.outdated) == (2, 0)

    with (language_copy / "nl" / "cues.toml").open("a", encoding="utf-8") as f:
        f.write("\n# an edit of the Dutch data\n")
    edited = tmp_path / "edited"  # a new location: digests are kept per location and process
    language_copy.rename(edited)
    monkeypatch.setattr(loader, "language_root", lambda: edited)
    with Ledger(db) as ledger:
        report = ledger.analyze([folder], assess=False)
        assert (report.new, report.unchanged, report.outdated, report.reanalyzed) == (0, 1, 1, 0)
        assert stored_versions(ledger) == before  # kept as they were without --reanalyze

        report = ledger.analyze([folder], reanalyze=True, assess=False)
        assert (report.unchanged, report.outdated, report.reanalyzed) == (1, 0, 1)
        assert report.analysed == [before["nl"][0]]
        after = stored_versions(ledger)
        assert after["en"] == before["en"]
        assert after["nl"][1] != before["nl"][1]
        assert ledger.analyze([folder], reanalyze=True, assess=False).unchanged == 2


def test_versioning_version_names_stages_languages_and_digest():
    doc = Document(text="x", lang="nl")
    doc.sentences = [Sentence(0, 1, "en"), Sentence(0, 1, "nl"), Sentence(0, 1, None)]
    version = document_version("a.v1+b.v1", doc)
    stages, langs, digest = parse_version(version) or ("", (), "")
    assert (stages, langs) == ("a.v1+b.v1", ("en", "nl", UNKNOWN))
    assert digest == data_digest(["nl", "en", UNKNOWN])
    assert is_current(version, "a.v1+b.v1")
    assert not is_current(version, "a.v1+b.v2")
    assert not is_current(version.replace(digest, "0" * len(digest)), "a.v1+b.v1")
    # Stored before the data was part of the version: outdated, never current.
    assert parse_version("a.v1+b.v1") is None and not is_current("a.v1+b.v1", "a.v1+b.v1")


def test_versioning_digest_covers_the_data_a_document_reads():
    shared = {label for label, _ in shared_sources()}
    assert {"lang/base", "data/gazetteer", "profiles/russia-ukraine.toml"} <= shared
    assert all(f"lang/{code}/sentences.toml" in shared for code in loader.available_languages())
    assert not any(label.endswith(".py") for label in shared)
    for code in loader.available_languages():
        labels = [label for label, _ in language_sources(code)]
        # The attribution model where the language has one (stages/attribution_model.py).
        attr = [f"data/models/attr-{code}"] if code in MODEL_LANGS else []
        # And its dependency parser (stages/syntax.py) where one is shipped.
        parse = [f"data/models/parse-{code}"] if syntax.parser_path(code) else []
        assert labels == [f"lang/{code}", f"data/models/ner-{code}", *attr, *parse]
        assert all(source.is_dir() for _, source in language_sources(code))
    # A language without data falls back on every language's (the gazetteer index does).
    fallback = {label for label, _ in language_sources("es")}
    assert fallback == {f"lang/{code}" for code in loader.available_languages()}


@pytest.mark.parametrize("edit", ["nl/cues.toml", "base/cues.toml", "de/sentences.toml"])
def test_versioning_which_digests_an_edit_changes(tmp_path, monkeypatch, language_copy, edit):
    monkeypatch.setattr(loader, "language_root", lambda: language_copy)
    before = {code: data_digest([code]) for code in ("nl", "en")}
    with (language_copy / edit).open("a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    edited = tmp_path / "edited"
    language_copy.rename(edited)
    monkeypatch.setattr(loader, "language_root", lambda: edited)
    after = {code: data_digest([code]) for code in ("nl", "en")}
    # Dutch data is Dutch documents' alone; base and every language's sentence hints are read
    # by every document.
    changed = {code for code in before if before[code] != after[code]}
    assert changed == ({"nl"} if edit.startswith("nl/") else {"nl", "en"})


def test_versioning_cli_summary_counts_outdated_documents_and_hints_reanalyze(tmp_path):
    folder = write_articles(tmp_path / "in")
    db = tmp_path / "ledger.db"

    def analyze(*extra: str) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "claimscope", "analyze", str(folder), "--db", str(db), "-q"]
            + list(extra),
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stderr
        return " ".join(proc.stderr.split())

    assert "2 new" in analyze()
    # As a ledger looks after the Dutch data changed: its stored digest is not the current one.
    with sqlite3.connect(db) as conn:
        conn.execute(
            "UPDATE documents SET pipeline_version = substr(pipeline_version, 1, "
            "length(pipeline_version) - 12) || '000000000000' WHERE lang = 'nl'"
        )
    conn.close()
    summary = analyze()
    assert "1 unchanged" in summary and "1 outdated" in summary and "--reanalyze" in summary
    summary = analyze("--reanalyze")
    assert "1 reanalysed" in summary and "outdated" not in summary
