"""Document language identification with lingua, as ISO 639-1 codes."""

from __future__ import annotations

import pytest

from claimscope.model import Document
from claimscope.resources import Resources
from claimscope.settings import Settings
from claimscope.stages.language import identify_language

PARAGRAPHS = [
    ("nl", "De Russische troepen trekken zich volgens het ministerie terug naar hun kazernes. "
           "Oekraïne gelooft het pas als het de terugtrekking ziet."),
    ("en", "Russian troops are pulling back to their barracks, the ministry said. "
           "Ukraine says it will believe it only when it sees the withdrawal."),
    ("de", "Die russischen Truppen ziehen sich laut dem Ministerium in ihre Kasernen zurück. "
           "Die Ukraine glaubt es erst, wenn sie den Abzug sieht."),
    ("fr", "Les troupes russes regagnent leurs casernes, selon le ministère. "
           "L'Ukraine n'y croira que lorsqu'elle verra le retrait."),
    ("ru", "Российские войска возвращаются в казармы, сообщили в министерстве. "
           "Украина поверит в это, только когда увидит отвод войск."),
    ("uk", "Російські війська повертаються до казарм, повідомили в міністерстві. "
           "Україна повірить у це, лише коли побачить відведення військ."),
    ("es", "Las tropas rusas regresan a sus cuarteles, según el ministerio. "
           "Ucrania solo lo creerá cuando vea la retirada."),
    ("pl", "Rosyjskie wojska wracają do koszar, poinformowało ministerstwo. "
           "Ukraina uwierzy w to dopiero wtedy, gdy zobaczy wycofanie."),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "text"), PARAGRAPHS)
def test_language_identifies_short_paragraphs(resources: Resources, lang: str, text: str) -> None:
    doc = Document(text)
    identify_language(doc, resources)
    assert doc.lang == lang


def test_language_keeps_a_given_language(resources: Resources) -> None:
    doc = Document(PARAGRAPHS[1][1], lang="nl")
    identify_language(doc, resources)
    assert doc.lang == "nl"


def test_language_uses_the_default_setting() -> None:
    doc = Document(PARAGRAPHS[1][1])
    identify_language(doc, Resources(Settings(default_lang="de")))
    assert doc.lang == "de"


def test_language_leaves_unidentifiable_text_unset(resources: Resources) -> None:
    doc = Document("12 345 — 67.")
    identify_language(doc, resources)
    assert doc.lang is None
