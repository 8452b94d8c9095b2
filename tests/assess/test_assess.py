"""Linking and assessment on the example article (read from ../shared), on articles written for
these tests (tests/fixtures/) and on short texts written here."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from claimscope import Ledger
from claimscope.assess import PolicyError, load_policy
from claimscope.records import claim_record
from claimscope.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ENGLISH = FIXTURES / "en-2022-02-15-pullback-written.txt"
REPEAT = FIXTURES / "nl-2022-02-16-herhaling-written.txt"


@pytest.fixture(scope="module")
def example(shared_dir) -> Path:
    return shared_dir / "examples" / "nl-2022-02-russia-pullback.txt"


def _ledger(tmp_path: Path, *paths: Path, name: str = "ledger.db", policy: Path | None = None):
    ledger = Ledger(tmp_path / name, settings=Settings(policy=str(policy) if policy else None))
    report = ledger.analyze([str(p) for p in paths])
    assert report.ok, report.failed
    return ledger


def _records(ledger: Ledger) -> list[dict]:
    """The ledger's claims as their JSONL records (the contract the tests read)."""
    return [claim_record(c) for c in ledger.claims()]


def _claim(ledger: Ledger, opening: str) -> dict:
    found = [r for r in _records(ledger) if r["text"].startswith(opening)]
    assert found, f"no claim opens with {opening!r}"
    return found[0]


def _reasons(rec: dict, start: str) -> list[str]:
    return [r for r in rec["reasons"] if r.startswith(start)]


def test_assess_example_withdrawal_contradicted_doubted_and_only_self_supported(tmp_path, example):
    with _ledger(tmp_path, example) as ledger:
        withdrawal = _claim(ledger, "Het ministerie van Defensie in Moskou zei dat")
        assert withdrawal["status"] == "contradicted"
        (seen,) = _reasons(withdrawal, "contradicted by observation:")
        assert "satellietfoto" in seen and "Maxar Technologies (observer, satellite_imagery" in seen
        (doubt,) = _reasons(withdrawal, "doubted by")
        assert doubt.startswith("doubted by Dmytro Kuleba (party, statement")
        (own,) = _reasons(withdrawal, "supported only by its own side")
        assert "(party, video" in own and "does not corroborate" in own
        # The observations it is contradicted by stand: independent, and outweighing the
        # ministry's statements.
        maxar = _claim(ledger, "Volgens het Amerikaanse commerciële satellietbedrijf")
        assert maxar["status"] == "corroborated"
        assert maxar["situation_id"] == withdrawal["situation_id"]


def test_assess_dutch_and_english_articles_share_a_situation(tmp_path, example):
    with _ledger(tmp_path, example, ENGLISH) as ledger:
        nl = _claim(ledger, "Het ministerie van Defensie in Moskou zei dat")
        en = _claim(ledger, "Russia's defence ministry said on Tuesday")
        maxar_en = _claim(ledger, "Satellite images taken on Sunday and Monday")
        assert nl["situation_id"] and nl["situation_id"] == en["situation_id"]
        assert maxar_en["situation_id"] == nl["situation_id"]
        (situation,) = [s for s in ledger.situations() if s.id == nl["situation_id"]]
        assert situation.axis == "posture" and situation.actor == "RU"
        assert situation.title.startswith("Russia: troop posture, 2022-")
        assert en["status"] == "contradicted"
        assert any("Maxar" in r for r in _reasons(en, "contradicted by observation"))


def test_assess_repetition_by_the_same_side_does_not_corroborate(tmp_path, example):
    with _ledger(tmp_path, example, REPEAT) as ledger:
        again = _claim(ledger, "Het Russische ministerie van Defensie heeft woensdag opnieuw")
        first = _claim(ledger, "Het ministerie van Defensie in Moskou zei dat")
        assert again["claimant"]["entity_id"] == "ru.mod"
        assert again["situation_id"] == first["situation_id"]
        assert first["status"] == again["status"] == "contradicted"
        weights = re.search(r"for (\d+\.\d+), against", first["reasons"][0])
        assert weights is not None and float(weights.group(1)) == 0.0
        (own,) = _reasons(first, "supported only by its own side")
        assert "Ministry of Defence of Russia (party" in own
        # The repeating article's headline is the ministry's claim told again, not support.
        headline = _claim(ledger, "Rusland: opnieuw eenheden terug naar kazernes")
        assert headline["mode"] == "narration" and headline["status"] == "contradicted"


def test_assess_different_numbers_disagree_without_contradicting(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "ua.txt").write_text(
        "date 2022-02-14\nVolgens de Oekraïense regering heeft Rusland ongeveer 100.000 "
        "militairen samengetrokken bij de grens.",
        encoding="utf-8",
    )
    (tmp_path / "in" / "us.txt").write_text(
        "date 2022-02-15\nAccording to US intelligence, Russia has massed 130,000 troops near "
        "the border with Ukraine.",
        encoding="utf-8",
    )
    with _ledger(tmp_path, tmp_path / "in") as ledger:
        ua = _claim(ledger, "Volgens de Oekraïense regering")
        us = _claim(ledger, "According to US intelligence")
        assert ua["situation_id"] == us["situation_id"]
        assert "contradicted" not in (ua["status"], us["status"])
        (number,) = _reasons(ua, "disagrees on the number")
        assert "100000 here, 130000 by" in number


def test_assess_incremental_touches_only_the_situations_of_new_articles(tmp_path, example):
    with _ledger(tmp_path, example) as ledger:
        before = {s.id: s for s in ledger.situations()}
        statuses = {r["id"]: (r["status"], r["reasons"]) for r in _records(ledger)}
        unrelated = tmp_path / "aid.txt"
        unrelated.write_text(
            "date 2024-04-27\nAustralia will send Ukraine a new military aid package worth "
            "$100m, the defence minister said on Saturday.",
            encoding="utf-8",
        )
        report = ledger.analyze([str(unrelated)])
        assert not report.assessment.full and report.assessment.situations == 1
        after = {s.id: s for s in ledger.situations()}
        assert {k: v for k, v in after.items() if k in before} == before  # untouched
        for r in _records(ledger):
            if r["id"] in statuses:
                assert (r["status"], r["reasons"]) == statuses[r["id"]]


def test_assess_whole_ledger_again_gives_the_same_result(tmp_path, example):
    with _ledger(tmp_path, example, ENGLISH) as ledger:
        first = sorted((r["id"], r["status"], r["situation_id"]) for r in _records(ledger))
        report = ledger.assess()
        assert report.full
        assert sorted((r["id"], r["status"], r["situation_id"]) for r in _records(ledger)) == first


def test_assess_records_follow_the_schema(tmp_path, example, claim_schema):
    with _ledger(tmp_path, example) as ledger:
        records = list(_records(ledger))
    for rec in records:
        jsonschema.validate(rec, claim_schema)
    assert {r["status"] for r in records} >= {"contradicted", "corroborated", "unverified"}
    assert any(r["stances"] for r in records)


def test_assess_policy_file_decides(tmp_path, example):
    text = resources.files("claimscope").joinpath("policies", "default.toml").read_text("utf-8")
    blind = text.replace("observer = 1.0", "observer = 0.0").replace(
        "third_party = 0.6", "third_party = 0.0"
    )
    policy = tmp_path / "blind.toml"
    policy.write_text(blind, encoding="utf-8")
    with _ledger(tmp_path, example, policy=policy) as ledger:
        withdrawal = _claim(ledger, "Het ministerie van Defensie in Moskou zei dat")
        # Observers weigh nothing under this policy: only Kuleba's doubt is left against it.
        assert withdrawal["status"] != "contradicted"
        assert "policy " + str(policy) in withdrawal["reasons"][0]


def test_assess_policy_errors_name_the_file_and_key(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[axes.posture]\nlabel = 'x'\nevents = { MOBILIZE = 2 }\nown_side = true\n")
    with pytest.raises(PolicyError, match=r"bad.toml: \[axes.posture\]: events.MOBILIZE"):
        load_policy(bad)
    with pytest.raises(PolicyError, match="cannot read"):
        load_policy(tmp_path / "missing.toml")


def _cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, "-m", "claimscope", *args], capture_output=True, text=True
    )
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_assess_cli_situations_situation_why(tmp_path, example):
    db = tmp_path / "cli.db"
    _cli("analyze", str(example), "--db", str(db), "-q")
    listed = _cli("situations", "--db", str(db))
    assert "posture" in listed.stdout and "situation" in listed.stderr
    first = json.loads(_cli("claims", "--db", str(db), "--format", "jsonl").stdout.splitlines()[2])
    sid = [
        json.loads(line)
        for line in _cli("claims", "--db", str(db), "--format", "jsonl").stdout.splitlines()
        if json.loads(line)["status"] == "contradicted"
    ][0]["situation_id"]
    timeline = _cli("situation", sid[:8], "--db", str(db))
    assert "contradicted" in timeline.stdout and "corroborated" in timeline.stdout
    why = _cli("why", first["id"][:9], "--db", str(db))
    assert first["status"] in why.stdout
    assert _cli("why", "cnothere", "--db", str(db), check=False).returncode == 1
    redo = _cli("assess", "--db", str(db))
    assert "assessed" in redo.stderr and "policy default" in redo.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text("not toml [")
    failed = _cli("assess", "--db", str(db), "--policy", str(bad), check=False)
    assert failed.returncode == 1 and "bad.toml: not valid TOML" in failed.stderr


def test_assess_titles_name_countries_outside_the_profile(tmp_path):
    """A situation in a country no conflict profile lists is titled with the country's name
    from the gazetteer, never its ISO code."""
    text = (
        "date 2025-05-08\n"
        "Pakistan's foreign ministry said that Indian drones struck two villages near Lahore "
        "on Wednesday. India's army denied that its drones had struck any village near Lahore."
    )
    path = tmp_path / "en-2025-05-08-drones.txt"
    path.write_text(text, encoding="utf-8")
    ledger = _ledger(tmp_path, path)
    titles = [s.title for s in ledger.store.situations()]
    assert titles, "no situation was formed"
    for t in titles:
        assert not re.search(r"\b(PK|IN)\b", t), t
    assert any("Pakistan" in t or "India" in t for t in titles), titles
