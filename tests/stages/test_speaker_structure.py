"""Speakers found across structure around the cue: an apposition or a relative clause between
the speaker and the reporting verb ("X, the country's foreign minister, said …")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from claimscope.model import Document

Analyse = Callable[..., Document]

# language, sentence, the speaker's name, the cue: the claim of that cue names the speaker
# (its claimant surface holds the name), not a word of the apposition or of the content.
APPOSITION = [
    ("en", "Dmytro Kuleba, the country's foreign minister, said the talks had failed.",
     "Dmytro Kuleba", "said"),
    ("en", "Olaf Scholz, who leads the coalition in Berlin, said the budget would pass.",
     "Olaf Scholz", "said"),
    ("en", "The agency, which monitors the ceasefire, said that shelling had resumed overnight.",
     "The agency", "said"),
    ("de", "Annalena Baerbock, die deutsche Außenministerin, sagte, die Gespräche seien gescheitert.",
     "Annalena Baerbock", "sagte"),
    ("de", "Friedrich Merz, der die Union seit Jahren führt, erklärte, der Plan sei falsch.",
     "Friedrich Merz", "erklärte"),
    ("nl", "Mark Rutte, de Nederlandse premier, zei dat de steun aan Oekraïne doorgaat.",
     "Mark Rutte", "zei"),
    ("nl", "Frans Timmermans, die de partij sinds vorig jaar leidt, zei dat de coalitie wankelt.",
     "Frans Timmermans", "zei"),
]


@pytest.mark.parametrize(("lang", "sentence", "name", "cue"), APPOSITION)
def test_speaker_across_apposition_or_relative_clause(
    analyse: Analyse, lang: str, sentence: str, name: str, cue: str
) -> None:
    doc = analyse(sentence, lang=lang)
    claims = [c for c in doc.claims if c.cue == cue]
    assert claims, f"no claim for {cue!r}"
    surface = claims[0].claimant.surface or ""
    assert name in surface
    start = claims[0].claimant.start
    assert start is not None and doc.text[start : claims[0].claimant.end] == surface


def test_inverted_speaker_after_comma_is_kept(analyse: Analyse) -> None:
    # A comma before the verb that closes a clause, not an apposition: the speaker follows.
    doc = analyse("The talks in Geneva have failed, said Dmytro Kuleba on Monday.", lang="en")
    assert [c.claimant.surface for c in doc.claims if c.cue == "said"] == ["Dmytro Kuleba"]
