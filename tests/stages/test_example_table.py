"""The table of DESIGN.md, row by row and field by field, on the example article.

The article is read from ../shared/examples at test time. Each row names the sentence a reader
finds the claim in, and what a reader expects of it (checked by reading the article): who says
or shows it, the source type, mode, event type, places, quantity, time and modality.
"""

from __future__ import annotations

import re

import pytest

from claimscope.model import Claim, Document
from claimscope.pipeline import Pipeline
from claimscope.resources import Resources

EXAMPLE = "nl-2022-02-russia-pullback.txt"


@pytest.fixture(scope="module")
def doc(shared_dir, resources: Resources) -> Document:
    raw = (shared_dir / "examples" / EXAMPLE).read_text(encoding="utf-8")
    text = re.sub(r"^\s*date \S+\s+", "", raw, count=1)
    return Pipeline()(Document(text, date="2022-02", date_precision="month"), resources)


def claim_at(doc: Document, opening: str, mode: str | None = None) -> Claim:
    """The claim whose text holds the sentence opening with ``opening``."""
    found = [
        c
        for c in doc.claims
        if opening in doc.text[c.start : c.end] and (mode is None or c.mode == mode)
    ]
    assert found, f"no claim holds {opening!r}"
    return found[0]


def places(c: Claim) -> set[str]:
    return {p.name for p in c.proposition.places}


# Row 1: the ministry declares the withdrawal, in three ways.
@pytest.mark.parametrize(
    ("opening", "mode", "surface"),
    [
        ("Het ministerie van Defensie in Moskou zei dat", "indirect", "Het ministerie van Defensie in Moskou"),
        ("Volgens het ministerie keren ze weer terug", "according_to", "het ministerie"),
        ("“Eenheden van het Zuidelijke-en Westelijke", "direct_quote", "een woordvoerder van het ministerie van Defensie"),
    ],
)  # fmt: skip
def test_example_row1_ministry_declares_withdrawal(doc, opening, mode, surface):
    c = claim_at(doc, opening)
    assert (c.claimant.entity_id, c.claimant.surface) == ("ru.mod", surface)
    assert (c.source_type, c.mode, c.proposition.event_type) == ("party", mode, "RETREAT")
    assert c.modality == "asserted"
    assert c.evidence == "statement"


def test_example_row1_withdrawal_from_the_border_with_ukraine(doc):
    c = claim_at(doc, "Volgens het ministerie keren ze weer terug")
    assert places(c) == {"Ukraine"} and c.proposition.event_mode == "withdraw"


def test_example_row2_ministry_video_is_a_party_observation(doc):
    c = claim_at(doc, "Op een video die het departement vrijgaf")
    assert c.claimant.entity_id == "ru.mod" and c.claimant.surface == "het departement"
    assert (c.source_type, c.mode, c.evidence) == ("party", "observation", "video")
    assert c.proposition.event_type == "RETREAT"


def test_example_row3_satellite_photos_show_a_build_up(doc):
    c = claim_at(doc, "Op nieuwe satellietfoto’s")
    assert c.claimant.surface == "nieuwe satellietfoto’s"
    assert (c.source_type, c.mode, c.evidence) == ("observer", "observation", "satellite_imagery")
    assert (c.proposition.event_type, c.modality) == ("MOBILIZE", "asserted")
    assert c.proposition.actor is not None and c.proposition.actor.entity_id == "ru"
    # The next sentence goes on describing what the photos show.
    more = claim_at(doc, "Ook werd nieuw militair materieel aangevoerd")
    assert (more.mode, more.source_type, more.proposition.event_type) == (
        "observation",
        "observer",
        "MOBILIZE",
    )


def test_example_row4_us_intelligence_and_ukraine_count_130000_troops(doc):
    c = claim_at(doc, "Volgens Amerikaanse inlichtingendiensten en Oekraïne")
    members = {(m.entity_id, m.source_type) for m in c.claimant.members}
    assert members == {("us.intel", "third_party"), ("ua", "party")}
    assert (c.source_type, c.mode, c.proposition.event_type) == (
        "mixed",
        "according_to",
        "MOBILIZE",
    )
    q = c.proposition.quantity
    assert q is not None and q.value == 130000 and q.approximate is True
    assert c.proposition.actor is not None and c.proposition.actor.name == "Russia"


def test_example_row5_lavrov_asks_putin_for_diplomacy(doc):
    ask = claim_at(doc, "nadat minister van Buitenlandse Zaken Sergej Lavrov")
    assert (ask.claimant.entity_id, ask.source_type) == ("ru.lavrov", "party")
    assert (ask.mode, ask.proposition.event_type) == ("indirect", "REQUEST")
    quote = claim_at(doc, "“Onze mogelijkheden zijn verre van uitgeput”")
    assert (quote.claimant.entity_id, quote.mode) == ("ru.lavrov", "direct_quote")


def test_example_row6_us_says_invasion_could_begin_any_moment(doc):
    c = claim_at(doc, "die volgens de VS elk moment kan beginnen")
    assert (c.claimant.entity_id, c.source_type, c.mode) == ("us", "third_party", "according_to")
    assert (c.proposition.event_type, c.modality) == ("ASSAULT", "hypothetical")
    assert "Ukraine" in places(c) and "United States" not in places(c)


def test_example_row7_newspaper_narrates_the_diplomacy(doc):
    visit = claim_at(doc, "vlak voor het bezoek van de Duitse bondskanselier", "narration")
    assert (visit.source_type, visit.evidence) == ("media", None)
    assert (visit.proposition.event_type, visit.proposition.event_mode) == ("CONSULT", "visit")
    assert places(visit) == {"Moscow"}
    urged = claim_at(doc, "Zijn Franse collega Emmanuel Macron", "narration")
    assert urged.proposition.event_type == "REQUEST"
    assert urged.proposition.actor is not None and urged.proposition.actor.entity_id == "fr.macron"
    t = urged.proposition.time
    # "vorige week" in an article dated 2022-02 (month precision): from the week before 1 February
    # (24-30 January) to the week before 28 February.
    assert t is not None and t.surface == "vorige week"
    assert t.start >= "2022-01-24" and t.end <= "2022-02-28"


def test_example_row8_kuleba_doubts_the_withdrawal(doc):
    first = claim_at(doc, "Minister van Buitenlandse Zaken Dimitri Kuleba verklaarde")
    assert (first.claimant.entity_id, first.source_type, first.mode) == (
        "ua.kuleba",
        "party",
        "direct_quote",
    )
    rule = claim_at(doc, "wij geloven het pas als wij het zien gebeuren")
    withdrawal = claim_at(doc, "Het ministerie van Defensie in Moskou zei dat")
    assert [(s.relation, s.toward) for s in rule.stances] == [("doubts", withdrawal.id)]
    condition = claim_at(doc, "Als wij een terugtrekking zien")
    assert (condition.proposition.event_type, condition.modality) == ("RETREAT", "conditional")


def test_example_row9_maxar_images_show_more_activity(doc):
    c = claim_at(doc, "Volgens het Amerikaanse commerciële satellietbedrijf Maxar Technologies")
    assert (c.claimant.entity_id, c.source_type) == ("maxar", "observer")
    assert (c.mode, c.evidence, c.proposition.event_type) == (
        "observation",
        "satellite_imagery",
        "MOBILIZE",
    )
    # Taken on Sunday and Monday, the next sentences say; in a month-dated article that is a
    # range inside February (or the last days of January).
    assert c.captured is not None and c.captured.surface == "zondag en maandag"
    where = claim_at(doc, "Dat zou het geval zijn in het westen van Rusland")
    assert (where.claimant.entity_id, where.mode) == ("maxar", "observation")
    assert {"Russia", "Belarus"} <= places(where)
    assert any("Crimea" in p for p in places(where))


def test_example_row10_newspaper_does_not_know_how_many(doc):
    c = claim_at(doc, "Ook is niet bekend om hoeveel militairen het gaat")
    assert (c.mode, c.source_type, c.modality) == ("narration", "media", "unknown")


def test_example_every_claim_points_into_the_text(doc):
    for c in doc.claims:
        assert 0 <= c.start < c.end <= len(doc.text)
        if c.claimant.start is not None:
            assert doc.text[c.claimant.start : c.claimant.end] == c.claimant.surface
        for p in c.proposition.places:
            a, b = p.span
            assert doc.text[a:b] == p.surface
