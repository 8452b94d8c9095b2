"""quantities.v1: numbers, bounds, currency and counted noun, per language (rows, not code)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimscope.lang.loader import available_languages
from claimscope.model import Document, Mention
from claimscope.pipeline import Pipeline, registered
from claimscope.resources import Resources
from claimscope.stages.mentions.quantities import parse_quantities

LANGS = sorted(available_languages())


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources()


def _one(mentions: list[Mention], surface: str) -> Mention:
    found = [m for m in mentions if m.text == surface]
    assert found, f"no quantity {surface!r} in {[m.text for m in mentions]}"
    return found[0]


# lang, sentence, mention text, value, low, high, approximate, unit
QUANTITIES = [
    ("nl", "Volgens de VS heeft Rusland zo’n 130.000 militairen samengetrokken bij de grens.", "zo’n 130.000", 130000, None, None, True, "militairen"),
    ("nl", "Er zijn honderdduizend mensen op de vlucht geslagen.", "honderdduizend", 100000, 100000, 100000, False, "mensen"),
    ("nl", "Het leger stuurde tweehonderd soldaten naar het front.", "tweehonderd", 200, 200, 200, False, "soldaten"),
    ("nl", "Ruim twee derde van de militairen is teruggekeerd.", "Ruim twee derde", 0.666667, 0.666667, None, True, "militairen"),
    ("nl", "Tienduizenden mensen demonstreerden in Den Haag.", "Tienduizenden", 20000, 20000, 99999, True, "mensen"),
    ("nl", "Bij de aanval kwamen meer dan 240 burgers om het leven.", "meer dan 240", 240, 240, None, True, "burgers"),
    ("nl", "Bijna 100 tanks werden vernietigd.", "Bijna 100", 100, None, 100, True, "tanks"),
    ("nl", "Zeker 18.000 mensen staken de grens over.", "Zeker 18.000", 18000, 18000, None, True, "mensen"),
    ("nl", "Er vielen tussen 10 en 15 doden.", "tussen 10 en 15", 10, 10, 15, False, "doden"),
    ("nl", "Er raakten 20 tot 30 militairen gewond.", "20 tot 30", 20, 20, 30, False, "militairen"),
    ("nl", "De inflatie steeg met 3,5 procent.", "3,5 procent", 3.5, 3.5, 3.5, False, None),
    ("nl", "Oekraïne krijgt 1,5 miljoen granaten.", "1,5 miljoen", 1500000, 1500000, 1500000, False, "granaten"),
    ("en", "Russia has amassed at least 130,000 troops on the Ukrainian border.", "at least 130,000", 130000, 130000, None, True, "troops"),
    ("en", "The UK has trained up 20,000 Ukrainian soldiers.", "20,000", 20000, 20000, 20000, False, "soldiers"),
    ("en", "Tens of thousands of troops remain near the border.", "Tens of thousands", 20000, 20000, 99999, True, "troops"),
    ("en", "Nearly 100 tanks were destroyed.", "Nearly 100", 100, None, 100, True, "tanks"),
    ("en", "More than 240 hostages are still held in Gaza.", "More than 240", 240, 240, None, True, "hostages"),
    ("en", "About 1.5 million people have fled the country.", "About 1.5 million", 1500000, None, None, True, "people"),
    ("en", "Between 10 and 15 civilians were killed.", "Between 10 and 15", 10, 10, 15, False, "civilians"),
    ("en", "Up to 300 drones were launched overnight.", "Up to 300", 300, None, 300, True, "drones"),
    ("en", "Two thousand soldiers took part in the drills.", "Two thousand", 2000, 2000, 2000, False, "soldiers"),
    ("en", "Almost half a million people lost power.", "Almost half a million", 500000, None, 500000, True, "people"),
    ("de", "Russland hat rund 130.000 Soldaten an der Grenze zusammengezogen.", "rund 130.000", 130000, None, None, True, "Soldaten"),
    ("de", "Mindestens 350 Flüge mussten gestrichen werden.", "Mindestens 350", 350, 350, None, True, "Flüge"),
    ("de", "Zehntausende Menschen flohen aus der Stadt.", "Zehntausende", 20000, 20000, 99999, True, "Menschen"),
    ("de", "Knapp 100 Panzer wurden zerstört.", "Knapp 100", 100, None, 100, True, "Panzer"),
    ("de", "Mehr als 240 Geiseln sind noch in Gaza.", "Mehr als 240", 240, 240, None, True, "Geiseln"),
    ("de", "Über tausend Soldaten nahmen an der Übung teil.", "Über tausend", 1000, 1000, None, True, "Soldaten"),
    ("de", "Zweihunderttausend Menschen sind betroffen.", "Zweihunderttausend", 200000, 200000, 200000, False, "Menschen"),
    ("de", "Zwischen 10 und 15 Drohnen wurden abgeschossen.", "Zwischen 10 und 15", 10, 10, 15, False, "Drohnen"),
    ("de", "Russland erwartet 29 ausländische Delegationen.", "29", 29, 29, 29, False, "Delegationen"),
    ("de", "Die Regierung rechnet mit 1,5 Millionen Flüchtlingen.", "1,5 Millionen", 1500000, 1500000, 1500000, False, "Flüchtlingen"),
    ("fr", "Environ 130 000 soldats russes sont massés à la frontière.", "Environ 130 000", 130000, None, None, True, "soldats"),
    ("fr", "La Russie a déployé 130\u202f000 militaires.", "130\u202f000", 130000, 130000, 130000, False, "militaires"),
    ("fr", "Des unités auraient perdu jusqu'à 90% de leurs soldats.", "jusqu'à 90%", 90, None, 90, True, None),
    ("fr", "Des dizaines de milliers de soldats ont été mobilisés.", "Des dizaines de milliers", 20000, 20000, 99999, True, "soldats"),
    ("fr", "Près de 100 chars ont été détruits.", "Près de 100", 100, None, 100, True, "chars"),
    ("fr", "Plus de 240 otages sont toujours détenus.", "Plus de 240", 240, 240, None, True, "otages"),
    ("fr", "Au moins sept personnes ont été blessées à Kherson.", "Au moins sept", 7, 7, None, True, "personnes"),
    ("fr", "Deux mille soldats ont participé aux exercices.", "Deux mille", 2000, 2000, 2000, False, "soldats"),
    ("fr", "Entre 10 et 15 missiles ont été tirés.", "Entre 10 et 15", 10, 10, 15, False, "missiles"),
    ("fr", "Le taux a atteint 2,5 pour cent.", "2,5 pour cent", 2.5, 2.5, 2.5, False, None),
    ("ru", "Около 130 тысяч военнослужащих сосредоточены у границы.", "Около 130 тысяч", 130000, None, None, True, "военнослужащих"),
    ("ru", "Погибли более 240 человек.", "более 240", 240, 240, None, True, "человек"),
    ("ru", "Десятки тысяч военных переброшены к границе.", "Десятки тысяч", 20000, 20000, 99999, True, "военных"),
    ("ru", "Почти 100 танков были уничтожены.", "Почти 100", 100, None, 100, True, "танков"),
    ("ru", "В учениях участвовали двести пятьдесят тысяч военнослужащих.", "двести пятьдесят тысяч", 250000, 250000, 250000, False, "военнослужащих"),
    ("ru", "Свыше тысячи солдат получили ранения.", "Свыше тысячи", 1000, 1000, None, True, "солдат"),
    ("ru", "Инфляция составила 7,5 процента.", "7,5 процента", 7.5, 7.5, 7.5, False, None),
    ("ru", "От 10 до 15 ракет было сбито.", "От 10 до 15", 10, 10, 15, False, "ракет"),
    ("ru", "В операции участвуют 2 тысячи военнослужащих.", "2 тысячи", 2000, 2000, 2000, False, "военнослужащих"),
    ("ru", "Границу пересекли полтора миллиона беженцев.", "полтора миллиона", 1500000, 1500000, 1500000, False, "беженцев"),
    ("uk", "Близько 10 тис. військових перебувають біля кордону.", "Близько 10 тис.", 10000, None, None, True, "військових"),
    ("uk", "Десятки тисяч військових стягнуто до кордону.", "Десятки тисяч", 20000, 20000, 99999, True, "військових"),
    ("uk", "Майже 100 загиблих за добу.", "Майже 100", 100, None, 100, True, "загиблих"),
    ("uk", "Тисяча військовослужбовців пройшла навчання.", "Тисяча", 1000, 1000, 1000, False, "військовослужбовців"),
    ("uk", "Було збито двісті п’ятдесят дронів.", "двісті п’ятдесят", 250, 250, 250, False, "дронів"),
    ("uk", "Від 10 до 15 ракет було збито.", "Від 10 до 15", 10, 10, 15, False, "ракет"),
    ("uk", "Рівень підтримки сягнув 60 відсотків.", "60 відсотків", 60, 60, 60, False, None),
    ("uk", "Щонайменше 12 осіб загинули.", "Щонайменше 12", 12, 12, None, True, "осіб"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "sentence", "surface", "value", "low", "high", "approximate", "unit"), QUANTITIES
)
def test_quantities_value_bounds_and_unit(
    resources: Resources,
    lang: str,
    sentence: str,
    surface: str,
    value: float,
    low: float | None,
    high: float | None,
    approximate: bool,
    unit: str | None,
) -> None:
    m = _one(parse_quantities(sentence, lang, resources), surface)
    v = m.value
    assert v.value == pytest.approx(value)
    assert v.low == (pytest.approx(low) if low is not None else None)
    assert v.high == (pytest.approx(high) if high is not None else None)
    assert v.approximate is approximate
    assert v.unit == unit
    if unit is not None:
        assert sentence[v.unit_span[0] : v.unit_span[1]] == unit
    assert v.percent is (
        surface.rstrip().endswith(("%", "procent", "cent", "процента", "відсотків"))
    )


# lang, sentence, mention text, value, currency
MONEY = [
    ("nl", "Het kabinet trekt 1,5 miljoen euro uit voor noodhulp.", "1,5 miljoen euro", 1500000, "EUR"),
    ("nl", "Voor de gehele reis vraagt ze 430 dollar.", "430 dollar", 430, "USD"),
    ("nl", "De EU stelt € 2,5 miljard beschikbaar.", "€ 2,5 miljard", 2500000000, "EUR"),
    ("en", "Morrison announced an extra $25m in military assistance.", "$25m", 25000000, "USD"),
    ("en", "The package is worth $1.2bn.", "$1.2bn", 1200000000, "USD"),
    ("en", "London pledged £3 billion in aid.", "£3 billion", 3000000000, "GBP"),
    ("en", "Kyiv asked for between $10m and $15m.", "between $10m and $15m", 10000000, "USD"),
    ("de", "Die Hilfe umfasst 1,2 Mrd. Euro.", "1,2 Mrd. Euro", 1200000000, "EUR"),
    ("de", "Berlin zahlt 500 Millionen Euro.", "500 Millionen Euro", 500000000, "EUR"),
    ("fr", "L'aide atteint 1,5 milliard d'euros.", "1,5 milliard", 1500000000, "EUR"),
    ("fr", "Le pays a reçu 300 millions de dollars.", "300 millions", 300000000, "USD"),
    ("ru", "Бюджет составил 3 млн рублей.", "3 млн рублей", 3000000, "RUB"),
    ("ru", "Ущерб оценивается в 5 млрд долларов.", "5 млрд долларов", 5000000000, "USD"),
    ("ru", "Пенсия составит 20 тысяч гривен.", "20 тысяч гривен", 20000, "UAH"),
    ("uk", "Понад 30 млн доларів піде на безпілотники.", "Понад 30 млн доларів", 30000000, "USD"),
    ("uk", "Австралія виділить 100 мільйонів доларів.", "100 мільйонів доларів", 100000000, "USD"),
    ("uk", "Виплата становить 5 тис. гривень.", "5 тис. гривень", 5000, "UAH"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "sentence", "surface", "value", "currency"), MONEY)
def test_quantities_money_is_expanded_with_its_currency(
    resources: Resources, lang: str, sentence: str, surface: str, value: int, currency: str
) -> None:
    m = _one(parse_quantities(sentence, lang, resources), surface)
    assert m.value.value == value
    assert m.value.currency == currency
    assert m.value.unit is None


# Years, dates, times, ordinals, labels, phone numbers, names and lone articles.
NOT_QUANTITIES = [
    ("nl", "In 2014 stortte het toestel neer."),
    ("nl", "Vlucht MH17 werd boven Oekraïne neergeschoten."),
    ("nl", "Nederland levert F-16's aan Oekraïne."),
    ("nl", "Artikel 5 van het NAVO-verdrag is van kracht."),
    ("nl", "De persconferentie begint om 14.00 uur."),
    ("nl", "De 22e brigade trok zich terug."),
    ("nl", "Op 17 juli stortte het toestel neer."),
    ("nl", "Een woordvoerder van het ministerie bevestigde het."),
    ("en", "The war in the east began in 2014."),
    ("en", "A Su-25 was shot down near Bakhmut."),
    ("en", "Nato's Article 5 was never invoked."),
    ("en", "The meeting starts at 2pm on July 17, 2014."),
    ("en", "The 3rd brigade withdrew."),
    ("en", "Call +31 20 123 4567 for details."),
    ("en", "One of the soldiers said so."),
    ("de", "Seit 2014 herrscht Krieg im Donbass."),
    ("de", "Die 3. Brigade rückte vor."),
    ("de", "Um 23.00 Uhr begann die Waffenruhe am 17. Juli."),
    ("de", "Artikel 5 gilt für alle Mitglieder."),
    ("de", "Eine Sprecherin bestätigte das."),
    ("fr", "La 22e brigade a subi des pertes en 2022."),
    ("fr", "Le 24 décembre, à 14h30, l'article 5 a été invoqué."),
    ("fr", "Un porte-parole a confirmé l'attaque."),
    ("ru", "В 2014 году был сбит самолет Су-25."),
    ("ru", "7 марта статья 5 вступила в силу."),
    ("ru", "22-я бригада отошла."),
    ("uk", "У 2014 році 27 квітня стаття 5 набула чинності."),
    ("uk", "Україна отримала винищувачі F-16."),
]


@pytest.mark.parametrize(("lang", "sentence"), NOT_QUANTITIES)
def test_quantities_not_for_years_dates_times_labels_names(
    resources: Resources, lang: str, sentence: str
) -> None:
    assert [m.text for m in parse_quantities(sentence, lang, resources)] == []


def test_quantities_unit_key_handles_case_forms(resources: Resources) -> None:
    forms = {
        "ru": ["130 тысяч военнослужащих", "два военнослужащих", "пять солдат", "3 бойца"],
        "uk": ["130 тисяч військових", "два військовослужбовці", "п'ять солдатів", "3 бійці"],
    }
    for lang, texts in forms.items():
        for text in texts:
            (m,) = parse_quantities(text, lang, resources)
            assert m.value.unit_key == "troops", (lang, text)


def test_quantities_previous_quantity_lends_no_currency(resources: Resources) -> None:
    text = "з нового пакету на 100 мільйонів доларів 50 мільйонів підуть на ППО"
    found = {m.text: m.value.currency for m in parse_quantities(text, "uk", resources)}
    assert found == {"100 мільйонів доларів": "USD", "50 мільйонів": None}


def test_quantities_stage_registered_and_runs_in_a_pipeline(resources: Resources) -> None:
    assert "quantities.v1" in registered()
    text = "Volgens de VS heeft Rusland zo’n 130.000 militairen bij de grens. In 2014 niet."
    doc = Pipeline(["language.v1", "sentences.v1", "quantities.v1"])(
        Document(text, lang="nl"), resources
    )
    (m,) = [m for m in doc.mentions if m.kind == "quantity"]
    assert (m.text, m.source, m.value.value) == ("zo’n 130.000", "quantities.v1", 130000)
    assert doc.text[m.start : m.end] == m.text


def test_quantities_unknown_language_reads_plain_numbers(resources: Resources) -> None:
    (m,) = parse_quantities("Hubo 300 heridos.", "es", resources)
    assert m.value.value == 300


_TOKENS = [
    "130.000", "130,000", "1,5", "1.5", "130 000", "130\u202f000", "$", "€", "25m", "%",
    "miljoen", "million", "тысяч", "тис.", "млн", "zo’n", "about", "около", "понад", "tussen",
    "en", "to", "-", "–", "tot", "bis", "до", "honderd", "twee", "derde", "tienduizenden",
    "tens of thousands", "десятки", "MH17", "F-16", "2014", "17", "juli", "марта", "artikel",
    "om", "14.00", "uur", "troops", "militairen", "військових", "(", ")", ".", ",", "\n", "'",
    "0", "+31", "3.", "22e",
]  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lang=st.sampled_from([*LANGS, None, "es"]),
    text=st.one_of(
        st.text(max_size=200),
        st.lists(st.sampled_from(_TOKENS), max_size=30).map(" ".join),
        st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join),
    ),
)
def test_quantities_offsets_hold_on_any_text(lang: str | None, text: str) -> None:
    resources = _RESOURCES
    for m in parse_quantities(text, lang, resources):
        assert text[m.start : m.end] == m.text
        assert m.start < m.end and m.kind == "quantity"
        span = m.value.unit_span
        if span is not None:
            assert text[span[0] : span[1]] == m.value.unit


_RESOURCES = Resources()  # hypothesis reruns the test body; one Resources keeps it fast
