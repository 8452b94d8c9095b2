"""The gazetteer's alias index is filed by first token and opened on demand (start-up cost,
issue 15): the look-ups must be those of filing each form with its tokens."""

from __future__ import annotations

from claimscope.stages.mentions.lexicon import (
    TOKEN,
    Alias,
    FirstTokenIndex,
    Index,
    first_keys,
    token_key,
)


def test_first_keys_are_the_first_token_of_each_form() -> None:
    forms = [
        "'s-Hertogenbosch",
        "İstanbul",
        "Saint-Denis",
        "Ёлки-Палки",
        "N’Djamena",
        "  Den Haag",
        "STRASSE",
        "Straße der Einheit",
    ]
    expected = [token_key(m.group()) for f in forms if (m := TOKEN.search(f))]
    assert first_keys(forms) == expected
    assert first_keys(["Kyiv", "", "Kiev"]) == ["kyiv", "", "kiev"]  # no token: no fast path


def test_first_token_index_keeps_names_order() -> None:
    names = [
        ("city:a", "en", "n", ["Kyiv", "Kiev"]),
        ("city:b", "*", "n", ["Kyiv Oblast", "Charkiw"]),
        ("city:c", "de", "n", ["KYIV"]),
    ]
    index = FirstTokenIndex(names)
    assert index.get("kyiv") == [(0, "Kyiv"), (1, "Kyiv Oblast"), (2, "KYIV")]
    assert index.get("charkiw") == [(1, "Charkiw")]
    assert index.get("lviv") == []


def test_index_opens_a_first_token_with_case_checks() -> None:
    index = Index()
    index.add("Ministerie van Defensie", Alias("nl.mod", "entity", (), ()))
    index.add("ministerie van defensie", Alias("generic.mod", "generic", (), ()), cased=False)
    index.add("VS", Alias("country:US", "place", (), ()))
    assert index.longest("ministerie") == 3
    assert index.longest("oekraine") is None
    found = index.get(("ministerie", "van", "defensie"))
    assert [a.target for a in found] == ["nl.mod", "generic.mod"]
    entity, generic = found
    assert entity.accepts(["Ministerie", "van", "Defensie"])
    assert not entity.accepts(["ministerie", "van", "Defensie"])
    assert generic.accepts(["ministerie", "van", "defensie"])
    vs = index.get(("vs",))
    assert vs[0].accepts(["VS"]) and not vs[0].accepts(["vs"])
