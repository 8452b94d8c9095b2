from __future__ import annotations

from pathlib import Path

import pytest

import claimscope
from claimscope.errors import PipelineError
from claimscope.ledger import Ledger
from claimscope.pipeline import Pipeline, default_stage_names, register, registered
from claimscope.registry import ANNOTATIONS, INGESTED, VOCABULARY

SRC = Path(claimscope.__file__).parent


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


def test_pipeline_register_rejects_a_key_outside_the_vocabulary():
    with pytest.raises(PipelineError, match=r"'claims\.speakers'.*vocabulary"):
        register("speakers.v1", requires=["claims"], assigns=["claims.speakers"])
    with pytest.raises(PipelineError, match=r"requires \['mentions'\]"):
        register("speakers.v1", requires=["mentions"], assigns=["claims.claimant"])
    assert "speakers.v1" not in registered()


def test_pipeline_every_stage_speaks_the_vocabulary():
    for stage in registered().values():
        assert stage.requires <= VOCABULARY and stage.assigns <= VOCABULARY, stage.name
    assert INGESTED <= VOCABULARY
    assert all(ANNOTATIONS[key].meaning for key in VOCABULARY)


def test_pipeline_rejects_gazetteer_before_entities():
    with pytest.raises(PipelineError, match=r"'gazetteer\.v1' requires \['mentions\.ner'\]"):
        Pipeline(["language.v1", "sentences.v1", "gazetteer.v1", "entities.v1"])
    Pipeline(["language.v1", "sentences.v1", "entities.v1", "gazetteer.v1"])


def test_pipeline_rejects_claim_stages_out_of_order():
    names = list(default_stage_names())
    # Propositions read the observations' capture times, and narration what merged claims cover.
    early = names[:]
    early.remove("claims.v1")
    early.insert(early.index("observations.v1"), "claims.v1")
    with pytest.raises(PipelineError, match="claims.observations"):
        Pipeline(early)
    late = names[:]
    late.remove("narration.v1")
    late.insert(late.index("claims.v1"), "narration.v1")
    with pytest.raises(PipelineError, match="claims.merged"):
        Pipeline(late)


def test_pipeline_imports_no_module_that_imports_it_back():
    # The stages register through claimscope.registry, which imports no stage.
    for path in (SRC / "stages").rglob("*.py"):
        assert "pipeline import" not in path.read_text("utf-8"), path
    registry_source = (SRC / "registry.py").read_text("utf-8")
    assert "stages" not in "".join(
        line for line in registry_source.splitlines() if line.startswith(("from", "import"))
    )


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


def test_analyze_text_loads_a_language_once_per_process():
    """Without resources of its own, every analyze_text call shares one set: the second
    Dutch article loads nothing (issue 15: a language's models load once)."""
    first = "Het ministerie zei dinsdag dat de troepen zich terugtrekken uit Koersk."
    second = "Volgens de minister van Defensie zijn er geen aanvallen geweest."
    claimscope.analyze_text(first, date="2024-03-05", lang="nl")
    _, resources = claimscope._shared()
    loaded = resources.loading_seconds
    doc = claimscope.analyze_text(second, date="2024-03-06", lang="nl")
    assert doc.claims
    assert resources.loading_seconds == loaded
