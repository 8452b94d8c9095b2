from __future__ import annotations

import pytest

import claimscope
from claimscope.errors import PipelineError
from claimscope.ledger import Ledger
from claimscope.pipeline import Pipeline, register, registered


def test_pipeline_default_order_and_version():
    p = Pipeline()
    names = [s.name for s in p.stages]
    assert names[:2] == ["language.v1", "sentences.v1"]
    assert p.version == "+".join(names)
    assert all(name.rsplit(".", 1)[1].startswith("v") for name in registered())


def test_pipeline_rejects_a_stage_before_what_it_requires():
    with pytest.raises(PipelineError, match="requires"):
        Pipeline(["attribution.v1"])
    with pytest.raises(PipelineError, match="unknown stage"):
        Pipeline(["language.v1", "nonsense.v9"])
    with pytest.raises(PipelineError, match="version"):
        register("unversioned")


def test_pipeline_analyze_text_gives_offsets_into_the_original_text():
    text = "De minister zei dinsdag: “We trekken ons niet terug.”\n\nVolgens de gouverneur vielen er twee doden."
    doc = claimscope.analyze_text(text, date="2023-05")
    assert doc.date == "2023-05" and doc.date_precision == "month"
    assert doc.lang == "nl"
    assert doc.claims and all(c.id for c in doc.claims)
    for c in doc.claims:
        assert doc.text[c.claimant.start : c.claimant.end] == c.claimant.surface
        assert doc.text[c.cue_start : c.cue_end] == c.cue


def test_pipeline_reanalyze_replaces_results_of_an_older_pipeline(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "date 2023-06-01\n“The dam was blown up from inside,” the governor told reporters.\n",
        encoding="utf-8",
    )
    db = tmp_path / "l.db"
    with Ledger(db, pipeline=Pipeline(["language.v1", "sentences.v1"])) as old:
        assert old.analyze([folder]).new == 1
        assert old.stats()["claims"] == 0
    with Ledger(db) as new:
        report = new.analyze([folder])
        assert (report.new, report.outdated) == (0, 1)
        assert new.stats()["claims"] == 0
        report = new.analyze([folder], reanalyze=True)
        assert report.reanalyzed == 1 and new.stats()["claims"] >= 1
        assert new.analyze([folder], reanalyze=True).unchanged == 1
        (doc,) = list(new.documents())
        assert doc.pipeline_version.startswith(new.pipeline.version + "@en:")
