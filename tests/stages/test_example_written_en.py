"""The same treatment on an English article written for these tests (tests/fixtures/): the
ministry's declared pull-back, its own video, intelligence estimates, satellite imagery,
Kyiv's doubt and the diplomacy around it, checked field by field."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.ingest import iter_file
from claimscope.model import Claim, Document
from claimscope.pipeline import Pipeline
from claimscope.resources import Resources
from claimscope.settings import Settings

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "en-2022-02-15-pullback-written.txt"


@pytest.fixture(scope="module")
def doc(resources: Resources) -> Document:
    (ingested,) = [d for d in iter_file(str(FIXTURE), Settings()) if isinstance(d, Document)]
    return Pipeline()(ingested, resources)


def claim_at(doc: Document, opening: str) -> Claim:
    found = [c for c in doc.claims if opening in doc.text[c.start : c.end]]
    assert found, f"no claim holds {opening!r}"
    return found[0]


def test_written_en_ministry_declares_the_pullback(doc):
    c = claim_at(doc, "Russia's defence ministry said on Tuesday")
    assert (c.claimant.entity_id, c.source_type, c.mode) == ("ru.mod", "party", "indirect")
    assert (c.proposition.event_type, c.modality) == ("RETREAT", "asserted")
    assert c.proposition.time is not None and c.proposition.time.start == "2022-02-15"
    quote = claim_at(doc, '"Units of the Southern and Western military districts')
    assert (quote.source_type, quote.mode, quote.proposition.event_type) == (
        "party",
        "direct_quote",
        "RETREAT",
    )
    # The name closes the apposition ("a ministry spokesman, Igor Konashenkov, told").
    assert (quote.claimant.surface, quote.claimant.name) == ("Igor Konashenkov",) * 2


def test_written_en_ministry_video_is_its_own_observation(doc):
    c = claim_at(doc, "A video released by the ministry showed")
    assert (c.claimant.entity_id, c.source_type) == ("ru.mod", "party")
    assert (c.mode, c.evidence) == ("observation", "video")


def test_written_en_intelligence_estimate_of_130000_troops(doc):
    c = claim_at(doc, "According to US and British intelligence")
    assert [m.entity_id for m in c.claimant.members] == ["us.intel", "gb.intel"]
    assert (c.source_type, c.mode, c.evidence) == ("third_party", "according_to", "estimate")
    assert c.proposition.event_type == "MOBILIZE"
    q = c.proposition.quantity
    assert q is not None and q.value == 130000 and q.approximate is True


def test_written_en_us_warns_of_an_invasion(doc):
    c = claim_at(doc, "The United States has warned")
    assert (c.claimant.entity_id, c.source_type) == ("us", "third_party")
    assert (c.proposition.event_type, c.modality) == ("ASSAULT", "hypothetical")


def test_written_en_maxar_imagery_shows_a_build_up(doc):
    c = claim_at(doc, "Satellite images taken on Sunday and Monday by Maxar")
    assert (c.claimant.entity_id, c.source_type) == ("maxar", "observer")
    assert (c.mode, c.evidence, c.proposition.event_type) == (
        "observation",
        "satellite_imagery",
        "MOBILIZE",
    )
    assert c.captured is not None
    assert (c.captured.start, c.captured.end, c.captured.surface) == (
        "2022-02-13",
        "2022-02-14",
        "Sunday and Monday",
    )
    assert doc.text[c.captured.span[0] : c.captured.span[1]] == "Sunday and Monday"
    names = {p.name for p in c.proposition.places}
    assert {"Belarus", "Russia"} <= names and any("Crimea" in n for n in names)


def test_written_en_kuleba_doubts_the_russian_claim(doc):
    c = claim_at(doc, "Ukraine's foreign minister, Dmytro Kuleba, said")
    assert (c.claimant.entity_id, c.source_type, c.modality) == (
        "ua.kuleba",
        "party",
        "conditional",
    )
    targets = {s.toward: s.relation for s in c.stances}
    assert set(targets.values()) == {"doubts"}
    doubted = [t for t in doc.claims if t.id in targets]
    assert doubted and all(
        t.proposition.event_type == "RETREAT" and t.claimant.country == "RU" for t in doubted
    )


def test_written_en_diplomacy_narrated_and_reported(doc):
    met = claim_at(doc, "The German chancellor, Olaf Scholz, met Vladimir Putin")
    assert (met.mode, met.source_type) == ("narration", "media")
    assert (met.proposition.event_type, met.proposition.event_mode) == ("CONSULT", "meeting")
    assert met.proposition.actor is not None and met.proposition.actor.entity_id == "de.scholz"
    assert met.proposition.target is not None and met.proposition.target.entity_id == "ru.putin"
    urged = claim_at(doc, "Emmanuel Macron, urged Putin")
    assert (urged.claimant.entity_id, urged.source_type, urged.proposition.event_type) == (
        "fr.macron",
        "third_party",
        "REQUEST",
    )
