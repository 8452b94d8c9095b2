"""gazetteer.v1: places, country adjectives and profile entities per language, geocoding by
context, NER linking and offsets. The sentences were written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimscope.model import Document, EntityRef, Mention, Place
from claimscope.pipeline import Pipeline, registered
from claimscope.resources import Resources
from claimscope.stages.mentions.gazetteer import STAGE, link_gazetteer


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources()


def run(resources: Resources, text: str, lang: str, date: str = "2022-02-15") -> Document:
    doc = Document(text, date=date, lang=lang)
    registered()["sentences.v1"].func(doc, resources)
    link_gazetteer(doc, resources)
    return doc


def found(doc: Document) -> dict[str, str]:
    """surface -> entity id, else place id, for the gazetteer's mentions."""
    return {
        m.text: m.entity_id or (m.value.place_id or "" if isinstance(m.value, Place) else "")
        for m in doc.mentions
        if m.source == STAGE
    }


KYIV, KHARKIV, MOSCOW = "gn:703448", "gn:706483", "gn:524901"
CRIMEA = "admin1:UA-43"

CASES = [
    # Dutch
    ("nl", "Het ministerie van Defensie in Moskou zei dat de oefeningen voorbij zijn.",
     {"ministerie van Defensie in Moskou": "ru.mod", "Moskou": MOSCOW}),
    ("nl", "Kuleba verklaarde dat men in Kiev niets gelooft.",
     {"Kuleba": "ua.kuleba", "Kiev": KYIV}),
    ("nl", "Russische militairen zijn ook gezien in de Krim.",
     {"Russische": "ru", "Krim": CRIMEA}),
    ("nl", "Volgens Amerikaanse inlichtingendiensten staat alles klaar.",
     {"Amerikaanse inlichtingendiensten": "us.intel"}),
    ("nl", "Daarna sprak president Vladimir Poetin lang met Sergej Lavrov.",
     {"Vladimir Poetin": "ru.putin", "Sergej Lavrov": "ru.lavrov"}),
    ("nl", "Het Russische ministerie van Defensie publiceerde een video.",
     {"Russische ministerie van Defensie": "ru.mod"}),
    ("nl", "De Oekraïense minister van Buitenlandse Zaken reisde af.",
     {"Oekraïense minister van Buitenlandse Zaken": "ua.kuleba"}),
    ("nl", "Er waren weer beschietingen in Charkov en in de Donbas.",
     {"Charkov": KHARKIV, "Donbas": "region:donbas"}),
    ("nl", "Grote oefeningen in Wit-Rusland baren de NAVO zorgen.",
     {"Wit-Rusland": "by", "NAVO": "nato"}),
    # English
    ("en", "Russia's defence ministry said the troops were going back to base.",
     {"Russia's defence ministry": "ru.mod", "Russia": "ru"}),
    ("en", "Ukrainian President Volodymyr Zelensky said Kharkiv was shelled overnight.",
     {"Volodymyr Zelensky": "ua.zelensky", "Kharkiv": KHARKIV}),
    ("en", "New images from Maxar Technologies show more helicopters near Belgorod.",
     {"Maxar Technologies": "maxar", "Belgorod": "gn:578072"}),
    ("en", "Secretary of State Antony Blinken met Wang Yi in Munich.",
     {"Antony Blinken": "us.blinken", "Wang Yi": "cn.wang_yi"}),
    ("en", "The Gaza health ministry gave new figures, which the IDF disputed.",
     {"Gaza health ministry": "ps.gaza_moh", "IDF": "il.idf"}),
    # German
    ("de", "Das russische Verteidigungsministerium teilte das am Dienstag mit.",
     {"russische Verteidigungsministerium": "ru.mod"}),
    ("de", "Selenskyj sagte in Kiew, man glaube nichts davon.",
     {"Selenskyj": "ua.zelensky", "Kiew": KYIV}),
    ("de", "Putins Sprecher Dmitri Peskow erklärte, die Lage auf der Krim sei ruhig.",
     {"Putins": "ru.putin", "Dmitri Peskow": "ru.peskov", "Krim": CRIMEA}),
    # French
    ("fr", "Le ministère russe de la Défense a annoncé un retrait partiel.",
     {"ministère russe de la Défense": "ru.mod"}),
    ("fr", "Dmytro Kouleba a déclaré à Kiev que rien n'avait changé.",
     {"Dmytro Kouleba": "ua.kuleba", "Kiev": KYIV}),
    ("fr", "Des soldats ukrainiens tiennent toujours les abords de Kharkiv.",
     {"ukrainiens": "ua", "Kharkiv": KHARKIV}),
    # Russian
    ("ru", "Министерство обороны России сообщило об окончании учений.",
     {"Министерство обороны России": "ru.mod", "России": "ru"}),
    ("ru", "Путин заявил, что диалог возможен.", {"Путин": "ru.putin"}),
    ("ru", "Встреча Лаврова и Блинкена прошла в Женеве.",
     {"Лаврова": "ru.lavrov", "Блинкена": "us.blinken"}),
    ("ru", "Учения в Крыму продолжаются, сообщает ТАСС.", {"Крыму": CRIMEA, "ТАСС": "ru.tass"}),
    # Ukrainian
    ("uk", "Зеленський заявив, що Путіна ніхто не боїться.",
     {"Зеленський": "ua.zelensky", "Путіна": "ru.putin"}),
    ("uk", "Міністерство оборони України повідомило про обстріл у Харкові.",
     {"Міністерство оборони України": "ua.mod", "Харкові": KHARKIV}),
    ("uk", "Дмитро Кулеба зустрівся з Блінкеном у Києві.",
     {"Дмитро Кулеба": "ua.kuleba", "Блінкеном": "us.blinken", "Києві": KYIV}),
    ("uk", "За даними Генштабу ЗСУ, ситуація стабільна.", {"Генштабу ЗСУ": "ua.general_staff"}),
]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "text", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_gazetteer_finds_and_links(
    resources: Resources, lang: str, text: str, expected: dict
) -> None:
    got = found(run(resources, text, lang))
    for surface, ident in expected.items():
        assert got.get(surface) == ident, f"{surface!r}: {got}"


def test_gazetteer_values_of_places_and_entities(resources: Resources) -> None:
    doc = run(resources, "Russische militairen zijn in de Krim en bij Charkov gezien.", "nl")
    by_text = {m.text: m for m in doc.mentions}
    adjective = by_text["Russische"]
    assert adjective.kind == "place"
    assert adjective.value.country == "RU" and adjective.value.adjective is True
    crimea = by_text["Krim"].value
    assert isinstance(crimea, Place)
    # ISO 3166-2 UA-43: in Ukraine; under Russian control, recorded apart.
    assert (crimea.country, crimea.control, crimea.iso_3166_2) == ("UA", "RU", "UA-43")
    kharkiv = by_text["Charkov"].value
    assert isinstance(kharkiv, Place)
    assert kharkiv.country == "UA" and kharkiv.geonameid == 706483
    assert kharkiv.lat == pytest.approx(49.98, abs=0.05)
    assert kharkiv.lon == pytest.approx(36.25, abs=0.05)
    doc = run(resources, "Minister van Buitenlandse Zaken Dimitri Kuleba verklaarde iets.", "nl")
    kuleba = next(m for m in doc.mentions if m.entity_id == "ua.kuleba")
    assert kuleba.kind == "person" and kuleba.text == "Dimitri Kuleba"
    assert kuleba.value == EntityRef(
        name="Dmytro Kuleba",
        country="UA",
        role="party",
        type="person",
        title="Minister van Buitenlandse Zaken",
    )


def test_gazetteer_generic_name_takes_earlier_country(resources: Resources) -> None:
    text = (
        "Het ministerie van Defensie in Moskou zei dat de eenheden terugkeren. "
        "Later maakte een woordvoerder van het ministerie van Defensie bekend dat ze vertrekken."
    )
    ids = [m.entity_id for m in run(resources, text, "nl").mentions if m.kind == "organization"]
    assert ids == ["ru.mod", "ru.mod"]


def test_gazetteer_title_follows_the_date(resources: Resources) -> None:
    text = "The Ukrainian foreign minister arrived on Monday."
    assert found(run(resources, text, "en", "2022-02"))["Ukrainian foreign minister"] == "ua.kuleba"
    assert found(run(resources, text, "en", "2025-01"))["Ukrainian foreign minister"] == "ua.sybiha"


def test_gazetteer_geocodes_by_context(resources: Resources) -> None:
    gaza = run(resources, "Israeli strikes hit Gaza again, Hamas said.", "en")
    assert found(gaza)["Gaza"] == "region:gaza"
    country = run(resources, "Protests in Tbilisi grew as Georgia's parliament met.", "en")
    assert found(country)["Georgia"] == "country:GE"
    state = run(resources, "Voters in Atlanta waited for hours; Georgia counted until dawn.", "en")
    assert found(state)["Georgia"] == "admin1:US-GA"
    # Stanislav: Ivano-Frankivsk's old name, and a village in Kherson oblast.
    alone = run(resources, "Stanislav was shelled again.", "en")
    assert found(alone)["Stanislav"] == "gn:707471"
    kherson = run(resources, "Shelling hit the village of Stanislav in Kherson Oblast.", "en")
    assert found(kherson) == {"Stanislav": "gn:692944", "Kherson Oblast": "admin1:UA-65"}
    moscow = run(resources, "Drones were shot down over Moscow.", "en")
    assert found(moscow)["Moscow"] == MOSCOW


def test_gazetteer_surname_or_place(resources: Resources) -> None:
    # Without Lloyd Austin earlier, "Austin" is the Texan capital; after him, the person.
    assert found(run(resources, "Flights to Austin were cancelled.", "en"))["Austin"] != "us.austin"
    text = "Lloyd Austin visited Kyiv. Austin said more aid was coming."
    ids = [m.entity_id for m in run(resources, text, "en").mentions if m.kind == "person"]
    assert ids == ["us.austin", "us.austin"]


def test_gazetteer_person_name_is_not_a_place(resources: Resources) -> None:
    got = found(run(resources, "The actor Denzel Washington arrived late.", "en"))
    assert "Washington" not in got
    assert (
        found(run(resources, "Officials in Washington said so.", "en"))["Washington"]
        == "gn:4140963"
    )


def test_gazetteer_case_rules(resources: Resources) -> None:
    # Names need their capital; the acronym VS must be exact; German adjectives are lower case.
    assert "kiev" not in found(run(resources, "het woord kiev staat hier klein", "nl"))
    assert "vs" not in found(run(resources, "zij vs hen", "nl"))
    assert found(run(resources, "Die russischen Truppen ziehen ab.", "de"))["russischen"] == "ru"


def test_gazetteer_second_profile_links_netanyahu(resources: Resources) -> None:
    doc = run(
        resources,
        "Benjamin Netanyahu sprak met Abbas. Netanyahu zei dat Hamas moet verdwijnen.",
        "nl",
    )
    people = [m for m in doc.mentions if m.entity_id == "il.netanyahu"]
    assert [m.text for m in people] == ["Benjamin Netanyahu", "Netanyahu"]
    assert people[0].value.role == "party"  # a party in the document's conflict (Gaza)
    assert found(doc)["Hamas"] == "hamas"


def test_gazetteer_links_ner_mentions(resources: Resources) -> None:
    text = "Kuleba verklaarde dat de Russische troepen bij Charkov staan."
    doc = Document(text, date="2022-02", lang="nl")
    registered()["sentences.v1"].func(doc, resources)
    start = text.index("Kuleba")
    doc.mentions.append(Mention(start, start + 6, "person", "Kuleba", None, None, "entities.v1"))
    c = text.index("Charkov")
    doc.mentions.append(Mention(c, c + 7, "place", "Charkov", None, None, "entities.v1"))
    link_gazetteer(doc, resources)
    ner = [m for m in doc.mentions if m.source == "entities.v1"]
    assert [m.entity_id for m in ner] == ["ua.kuleba", None]
    assert ner[1].value.place_id == KHARKIV
    # The same span is not reported twice.
    assert sum(m.start == start for m in doc.mentions) == 1


def test_gazetteer_registered_with_contract() -> None:
    stage = registered()[STAGE]
    assert stage.requires == {"text", "date", "lang", "sentences", "mentions.ner"}
    assert stage.assigns == {"mentions.gazetteer", "entities"}
    Pipeline(["language.v1", "sentences.v1", "entities.v1", STAGE])  # the order check passes


WORDS = ["Kuleba", "Путина", "Krim", "ministerie van Defensie in Moskou", "Kiev", "Russische"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.lists(st.one_of(st.text(max_size=12), st.sampled_from(WORDS)), max_size=12),
    lang=st.sampled_from(["nl", "ru"]),
)
def test_gazetteer_offsets_hold_on_any_text(
    resources: Resources, parts: list[str], lang: str
) -> None:
    doc = run(resources, " ".join(parts), lang)
    for m in doc.mentions:
        assert doc.text[m.start : m.end] == m.text
