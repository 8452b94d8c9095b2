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
    (
        "en",
        "Dmytro Kuleba, the country's foreign minister, said the talks had failed.",
        "Dmytro Kuleba",
        "said",
    ),
    (
        "en",
        "Olaf Scholz, who leads the coalition in Berlin, said the budget would pass.",
        "Olaf Scholz",
        "said",
    ),
    (
        "en",
        "The agency, which monitors the ceasefire, said that shelling had resumed overnight.",
        "The agency",
        "said",
    ),
    (
        "de",
        "Annalena Baerbock, die deutsche Außenministerin, sagte, die Gespräche seien gescheitert.",
        "Annalena Baerbock",
        "sagte",
    ),
    (
        "de",
        "Friedrich Merz, der die Union seit Jahren führt, erklärte, der Plan sei falsch.",
        "Friedrich Merz",
        "erklärte",
    ),
    (
        "nl",
        "Mark Rutte, de Nederlandse premier, zei dat de steun aan Oekraïne doorgaat.",
        "Mark Rutte",
        "zei",
    ),
    (
        "nl",
        "Frans Timmermans, die de partij sinds vorig jaar leidt, zei dat de coalitie wankelt.",
        "Frans Timmermans",
        "zei",
    ),
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


# Verb-second clauses: one constituent stands before the finite verb. When that is an
# adverbial (an adverb, a time phrase, a prepositional phrase), the subject follows the verb.
FRONTED = [
    (
        "de",
        "Bei einem Treffen der Außenminister sagte Baerbock, die Gespräche würden fortgesetzt.",
        "Baerbock",
        "sagte",
    ),
    (
        "de",
        "Unterdessen erklärte die Polizei, die Lage sei unter Kontrolle.",
        "die Polizei",
        "erklärte",
    ),
    (
        "de",
        "Ähnlich warnte der Präsident: „Die Regierung hat die Lage an der Grenze im Griff.“",
        "der Präsident",
        "warnte",
    ),
    ("nl", "Een week geleden zei de minister dat de grens dicht blijft.", "de minister", "zei"),
    ("nl", "Vorige week zei de minister dat de grens dicht blijft.", "de minister", "zei"),
    (
        "nl",
        "Tijdens een bezoek aan de haven zei de burgemeester dat de kade wordt hersteld.",
        "de burgemeester",
        "zei",
    ),
    # Not verb-second: the subject stands before the verb after a fronted adverbial.
    (
        "en",
        "A week ago the minister said that the border would stay closed.",
        "the minister",
        "said",
    ),
    # Subordinate clauses keep their subject before the verb.
    ("de", "Die Grenze bleibt geschlossen, wie die Behörde mitteilte.", "die Behörde", "mitteilte"),
]


@pytest.mark.parametrize(("lang", "sentence", "speaker", "cue"), FRONTED)
def test_subject_after_fronted_adverbial(
    analyse: Analyse, lang: str, sentence: str, speaker: str, cue: str
) -> None:
    doc = analyse(sentence, lang=lang)
    assert [c.claimant.surface for c in doc.claims if c.cue == cue] == [speaker]


def test_fronted_adverbial_needs_a_subject_right_after_the_verb(analyse: Analyse) -> None:
    # "vindt … plaats" (takes place) after "Ook": an adverb after the verb is not stepped over
    # to read the next noun phrase as a speaker.
    doc = analyse("Ook vindt hier de uitwisseling van gevangenen plaats.", lang="nl")
    assert [c.cue for c in doc.claims if c.mode != "narration"] == []


# "It said": a pronoun that points back to an organisation or a state, never to a person.
IT_SAID = [
    ("NATO issued a statement on Monday. It said the talks in Geneva had failed.", "NATO"),
    (
        "President Joe Biden met the chiefs of the Pentagon on Monday. It said the talks in Geneva "
        "had failed.",
        "Department of Defense",
    ),
]


@pytest.mark.parametrize(("text", "group"), IT_SAID)
def test_it_said_names_the_group_before(analyse: Analyse, text: str, group: str) -> None:
    doc = analyse(text, lang="en")
    claims = [c for c in doc.claims if c.cue == "said"]
    assert [c.claimant.surface for c in claims] == ["It"]
    assert group in claims[0].claimant.name and "Biden" not in claims[0].claimant.name


# Initials stay with the name ("D. Peskov", "Seth G. Jones", "The U.S."): the period after an
# initial neither ends the speaker's phrase nor makes the verb look inverted.
INITIALS = [
    ("en", "Kremlin spokesman D. Peskov said the talks were over.", "D. Peskov"),
    ("ru", "Пресс-секретарь Кремля Д. Песков заявил, что переговоры окончены.", "Д. Песков"),
    (
        "en",
        "“We are ready for a long campaign,” said Seth G. Jones, a senior analyst.",
        "Seth G. Jones",
    ),
    ("en", "The U.S. said the convoy had been stopped at the border.", "The U.S."),
    ("en", "U.S. officials said the convoy had been stopped at the border.", "U.S. officials"),
]


@pytest.mark.parametrize(("lang", "text", "name"), INITIALS)
def test_initials_stay_with_the_name(analyse: Analyse, lang: str, text: str, name: str) -> None:
    doc = analyse(text, lang=lang)
    surfaces = [c.claimant.surface for c in doc.claims if c.mode != "narration"]
    assert len(surfaces) == 1 and name in surfaces[0], surfaces
