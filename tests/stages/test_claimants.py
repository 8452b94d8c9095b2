"""Claimant resolution on sentences written for these tests."""

from __future__ import annotations

import pytest

import claimscope

CASES = [
    # (lang, text, claimant surface contains, expected name, entity id, source type)
    (
        "nl",
        "“De eenheden keren terug naar hun kazernes”, zei een woordvoerder van het Russische ministerie van Defensie.",
        "woordvoerder",
        "Ministry of Defence of Russia",
        "ru.mod",
        "party",
    ),
    (
        "en",
        "“We see no sign of a pullback,” Ukraine's foreign minister Dmytro Kuleba told reporters in Kyiv on Tuesday.",
        "Kuleba",
        "Dmytro Kuleba",
        "ua.kuleba",
        "party",
    ),
    (
        "de",
        "Nach Angaben von Maxar Technologies zeigen neue Satellitenbilder mehr Truppen an der Grenze.",
        "Maxar",
        "Maxar Technologies",
        "maxar",
        "observer",
    ),
]


@pytest.fixture(scope="module")
def resources():
    return claimscope.Resources()


@pytest.mark.parametrize(("lang", "text", "surface", "name", "entity_id", "source_type"), CASES)
def test_claimants_resolve_to_profile_entities(
    resources, lang, text, surface, name, entity_id, source_type
):
    doc = claimscope.analyze_text(text, date="2022-02-15", lang=lang, resources=resources)
    (claim,) = [c for c in doc.claims if surface in c.claimant.surface]
    assert claim.claimant.name == name
    assert claim.claimant.entity_id == entity_id
    assert claim.source_type == source_type
    assert surface in doc.text[claim.claimant.start : claim.claimant.end]  # the surface stays


def test_claimants_joint_claimant_is_mixed(resources):
    text = "Volgens Amerikaanse inlichtingendiensten en Oekraïne staan er zo'n 100.000 militairen bij de grens."
    doc = claimscope.analyze_text(text, date="2022-02-15", lang="nl", resources=resources)
    (claim,) = doc.claims
    assert claim.source_type == "mixed"
    members = {(m.entity_id, m.source_type) for m in claim.claimant.members}
    assert members == {("us.intel", "third_party"), ("ua", "party")}


def test_claimants_definite_description_points_back(resources):
    text = (
        "Het Russische ministerie van Defensie publiceerde dinsdag een video van vertrekkende tanks. "
        "Volgens het ministerie zijn de oefeningen afgelopen."
    )
    doc = claimscope.analyze_text(text, date="2022-02-15", lang="nl", resources=resources)
    (claim,) = [c for c in doc.claims if c.claimant.surface == "het ministerie"]
    assert claim.claimant.entity_id == "ru.mod" and claim.source_type == "party"


def test_claimants_unknown_source_stays_unknown(resources):
    text = "“The bridge was hit twice,” a local resident said."
    doc = claimscope.analyze_text(text, date="2022-02-15", lang="en", resources=resources)
    (claim,) = doc.claims
    assert claim.claimant.entity_id is None and claim.source_type == "unknown"
    assert claim.claimant.name == claim.claimant.surface
