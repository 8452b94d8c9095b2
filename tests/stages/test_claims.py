"""Propositions (event type, quantity, places) on sentences written for these tests."""

from __future__ import annotations

import pytest

import claimscope

EVENTS = [
    # (lang, sentence, event type)
    (
        "nl",
        "“De eenheden worden teruggetrokken naar hun kazernes”, zei de woordvoerder.",
        "RETREAT",
    ),
    ("nl", "Volgens de gouverneur is de stad vannacht opnieuw beschoten.", "ASSAULT"),
    (
        "nl",
        "Volgens de inlichtingendienst heeft het leger 40.000 militairen samengetrokken.",
        "MOBILIZE",
    ),
    ("nl", "De minister riep de EU op om meer luchtafweer te sturen, meldde de krant.", "REQUEST"),
    ("en", "“We will deliver two more air defence systems next month,” the minister said.", "AID"),
    ("en", "The governor said that a missile strike had hit a school overnight.", "ASSAULT"),
    ("en", "The president accused Moscow of blocking grain exports, his office said.", "ACCUSE"),
    ("en", "The ministry said that talks with the delegation would resume next week.", "CONSULT"),
    (
        "de",
        "Nach Angaben des Gouverneurs wurde die Stadt in der Nacht mit Raketen beschossen.",
        "ASSAULT",
    ),
    (
        "de",
        "Der Kanzler sagte, die EU werde neue Sanktionen gegen Russland beschließen.",
        "SANCTION",
    ),
    ("fr", "Selon le ministère, les troupes ont achevé leur retrait de la rive droite.", "RETREAT"),
    ("ru", "По словам губернатора, ночью город подвергся ракетному удару.", "ASSAULT"),
    (
        "uk",
        "За словами міністра, Австралія надасть Україні новий пакет військової допомоги.",
        "AID",
    ),
    ("en", "“The weather was cold and the roads were quiet,” a resident said.", "STATEMENT"),
]


@pytest.fixture(scope="module")
def resources():
    return claimscope.Resources()


@pytest.mark.parametrize(("lang", "text", "event"), EVENTS)
def test_claims_event_type(resources, lang, text, event):
    doc = claimscope.analyze_text(text, date="2023-05-02", lang=lang, resources=resources)
    assert doc.claims, "no claim found"
    assert doc.claims[0].proposition.event_type == event


def test_claims_quantity_prefers_digits_and_skips_durations(resources):
    text = "Volgens het leger zijn in drie dagen zo'n 1.200 soldaten naar het front gestuurd."
    doc = claimscope.analyze_text(text, date="2023-05-02", lang="nl", resources=resources)
    q = doc.claims[0].proposition.quantity
    assert q is not None and q.value == 1200 and q.approximate is True
    assert q.surface in text


def test_claims_places_are_geocoded(resources):
    text = "The governor said that drones had struck an oil depot in Belgorod overnight."
    doc = claimscope.analyze_text(text, date="2023-05-02", lang="en", resources=resources)
    places = doc.claims[0].proposition.places
    assert [p.name for p in places] == ["Belgorod"]
    assert places[0].country == "RU" and places[0].lat is not None


MODALITIES = [
    # (lang, sentence, modality)
    ("nl", "Volgens de VS kan een invasie elk moment beginnen.", "hypothetical"),
    ("nl", "“Als wij een terugtrekking zien, geloven we het”, zei de minister.", "conditional"),
    ("nl", "Het ministerie zei dat er geen troepen naar de grens zijn gestuurd.", "negated"),
    ("en", "The minister said the talks will resume in Geneva next week.", "future"),
    (
        "en",
        "“If Russia invades, the costs will be severe,” the prime minister said.",
        "conditional",
    ),
    ("en", "The ministry said that no troops had crossed the border.", "negated"),
    ("de", "Der Sprecher sagte, Russland könnte die Offensive bald ausweiten.", "hypothetical"),
    ("fr", "Selon le ministère, les troupes ne sont pas entrées dans la ville.", "negated"),
    ("ru", "По словам министра, переговоры будут продолжены в марте.", "future"),
    ("uk", "За словами міністра, якщо Росія атакує, відповідь буде жорсткою.", "conditional"),
    ("en", "The governor said that the shelling went on all night.", "asserted"),
]


@pytest.mark.parametrize(("lang", "text", "expected"), MODALITIES)
def test_claims_modality(resources, lang, text, expected):
    doc = claimscope.analyze_text(text, date="2023-05-02", lang=lang, resources=resources)
    assert doc.claims, "no claim found"
    assert doc.claims[0].modality == expected
