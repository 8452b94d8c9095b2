"""Claims carry what later stages need from their attribution: the canonical key of the cue
(``Claim.cue_key``) and an explicit link to the claim whose attribution they continue
(``Claim.continues``), never the cue's surface or the ``attributed_by`` provenance."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

import claimscope
from claimscope.model import Document

Analyse = Callable[..., Document]

# Written for these tests: a quotation over two sentences, the second with an event of its own.
QUOTED = (
    "De Oekraïense minister van Defensie verklaarde dinsdag: “De Russische artillerie heeft "
    "Charkiv de hele nacht beschoten. Bij de aanval zijn vier burgers gedood.” Een woordvoerder "
    "van het Kremlin zei later dat het leger geen burgers aanvalt."
)


def test_attribution_links_a_quote_over_two_sentences_to_the_first_claim(analyse: Analyse) -> None:
    doc = analyse(QUOTED, lang="nl")
    first, second, third = doc.claims
    assert first.continues is None and first.attributed_by == "cue"
    assert doc.text[second.start : second.end].startswith("Bij de aanval")
    assert second.continues is not None and second.continues.kind == "quote"
    assert second.continues.parent is first
    assert second.attributed_by == "quote" and second.proposition.event_type == "ASSAULT"
    assert third.continues is None
    # No cycle in repr or ==: the link is left out of both.
    assert "continues" not in repr(second) and second != first


def test_attribution_links_reported_mood_to_the_claim_before(analyse: Analyse) -> None:
    text = (
        "Volgens de gouverneur van Charkiv is een school in de stad getroffen. Daarbij zouden "
        "drie leraren zijn gedood."
    )
    doc = analyse(text, lang="nl")
    first, second = doc.claims
    assert second.continues is not None and second.continues.kind == "reportative"
    assert second.continues.parent is first and second.attributed_by == "reportative"
    assert second.claimant.surface == first.claimant.surface and second.cue_key is None


@pytest.mark.parametrize(
    ("lang", "text", "cue", "key"),
    [
        ("nl", "Minister Kajsa Ollongren verklaarde dat de steun aan Oekraïne doorgaat.",
         "verklaarde", "state"),
        ("nl", "Een woordvoerder van het Kremlin zei dat de troepen naar hun kazernes gaan.",
         "zei", "say"),
        ("nl", "De president riep de NAVO op om meer luchtafweer te sturen.", "riep", "call_for"),
        ("en", "The Kremlin said that the troops were returning to their bases.", "said", "say"),
        ("de", "Das Verteidigungsministerium teilte mit, dass zwei Dörfer befreit wurden.",
         "teilte mit", "inform"),
    ],
)  # fmt: skip
def test_attribution_claim_carries_the_canonical_cue_key(
    analyse: Analyse, lang: str, text: str, cue: str, key: str
) -> None:
    doc = analyse(text, lang=lang)
    assert [(c.cue, c.cue_key) for c in doc.claims] == [(cue, key)]


def test_attribution_provenance_is_written_never_read_by_a_stage() -> None:
    # attributed_by is for the record; stages steer on cue_key and continues.
    stages = Path(claimscope.__file__).parent / "stages"
    for path in stages.rglob("*.py"):
        for line in path.read_text("utf-8").splitlines():
            if "attributed_by" in line:
                assert re.search(r"\battributed_by\s*=[^=]", line), (path.name, line)
            assert not re.search(r"\.via\b", line), (path.name, line)
