"""dates.v1: absolute and relative dates resolved against the publication date and its
precision, per language (rows, not code)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimscope.lang.loader import available_languages
from claimscope.model import Document, Mention
from claimscope.pipeline import Pipeline, registered
from claimscope.resources import Resources
from claimscope.stages.mentions.dates import parse_dates

LANGS = sorted(available_languages())


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources()


def _one(mentions: list[Mention], surface: str) -> Mention:
    found = [m for m in mentions if m.text == surface]
    assert found, f"no date {surface!r} in {[m.text for m in mentions]}"
    return found[0]


# lang, publication date, sentence, mention text, start, end, precision.
# Day-precision publication dates: 2022-02-15 is a Tuesday, 2025-05-08 a Thursday,
# 2023-12-24 a Sunday, 2024-03-07 a Thursday, 2024-04-29 a Monday.
DAY_ANCHORED = [
    ("nl", "2022-02-15", "Op satellietfoto’s die maandag werden gepubliceerd, was dat te zien.", "maandag", "2022-02-14", "2022-02-14", "day"),
    ("nl", "2022-02-15", "De nieuwe beelden werden zondag en maandag genomen.", "zondag en maandag", "2022-02-13", "2022-02-14", "range"),
    ("nl", "2022-02-15", "Macron deed vorige week een dringend beroep op Poetin.", "vorige week", "2022-02-07", "2022-02-13", "week"),
    ("nl", "2022-02-15", "Gisteren sprak Scholz in Kiev met Zelensky.", "Gisteren", "2022-02-14", "2022-02-14", "day"),
    ("nl", "2022-02-15", "Vandaag maakte het JIT bekend wie verantwoordelijk is.", "Vandaag", "2022-02-15", "2022-02-15", "day"),
    ("nl", "2022-02-15", "De troepen kwamen in februari aan.", "februari", "2022-02-01", "2022-02-28", "month"),
    ("nl", "2022-02-15", "Op 17 juli 2014 werd MH17 neergeschoten.", "17 juli 2014", "2014-07-17", "2014-07-17", "day"),
    ("nl", "2022-02-15", "Het conflict in de Donbas begon in 2014.", "2014", "2014-01-01", "2014-12-31", "year"),
    ("nl", "2022-02-15", "Eind vorig jaar liep de spanning op.", "Eind vorig jaar", "2021-09-01", "2021-12-31", "range"),
    ("nl", "2022-02-15", "Sinds 7 oktober worden er gijzelaars vastgehouden.", "Sinds 7 oktober", "2021-10-07", "2022-02-15", "range"),
    ("nl", "2022-02-15", "Zaterdagavond vielen de eerste raketten.", "Zaterdagavond", "2022-02-12", "2022-02-12", "day"),
    ("en", "2022-02-15", "Satellite images published on Monday show new deployments.", "Monday", "2022-02-14", "2022-02-14", "day"),
    ("en", "2022-02-15", "Images taken on Sunday and Monday show more activity.", "Sunday and Monday", "2022-02-13", "2022-02-14", "range"),
    ("en", "2022-02-15", "Macron visited the Kremlin last week.", "last week", "2022-02-07", "2022-02-13", "week"),
    ("en", "2022-02-15", "The embassy was evacuated yesterday.", "yesterday", "2022-02-14", "2022-02-14", "day"),
    ("en", "2022-02-15", "Troops began arriving in February.", "February", "2022-02-01", "2022-02-28", "month"),
    ("en", "2022-02-15", "MH17 was shot down on July 17, 2014.", "July 17, 2014", "2014-07-17", "2014-07-17", "day"),
    ("en", "2022-02-15", "Hostages have been held since October 7.", "since October 7", "2021-10-07", "2022-02-15", "range"),
    ("en", "2022-02-15", "Tensions rose late last year.", "late last year", "2021-09-01", "2021-12-31", "range"),
    ("de", "2025-05-08", "Am Montag griff Russland die Region Sumy an.", "Montag", "2025-05-05", "2025-05-05", "day"),
    ("de", "2025-05-08", "Letzte Woche wurde verhandelt.", "Letzte Woche", "2025-04-28", "2025-05-04", "week"),
    ("de", "2025-05-08", "Gestern empfing der Präsident Maduro.", "Gestern", "2025-05-07", "2025-05-07", "day"),
    ("de", "2025-05-08", "Das Flugzeug stürzte am 17. Juli 2014 ab.", "17. Juli 2014", "2014-07-17", "2014-07-17", "day"),
    ("de", "2025-05-08", "Ende letzten Jahres stieg die Zahl der Angriffe.", "Ende letzten Jahres", "2024-09-01", "2024-12-31", "range"),
    ("de", "2025-05-08", "Seit Dienstag wurden Flüge gestrichen.", "Seit Dienstag", "2025-05-06", "2025-05-08", "range"),
    ("de", "2025-05-08", "Bis Samstag wollte Russland die Waffen ruhen lassen.", "Samstag", "2025-05-10", "2025-05-10", "day"),
    ("de", "2025-05-08", "Im Februar begannen die Gespräche.", "Februar", "2025-02-01", "2025-02-28", "month"),
    ("fr", "2023-12-24", "Le gouverneur a annoncé lundi de nouvelles frappes.", "lundi", "2023-12-18", "2023-12-18", "day"),
    ("fr", "2023-12-24", "Les frappes de samedi et dimanche ont fait deux morts.", "samedi et dimanche", "2023-12-23", "2023-12-24", "range"),
    ("fr", "2023-12-24", "La semaine dernière, Kiev a reçu des munitions.", "La semaine dernière", "2023-12-11", "2023-12-17", "week"),
    ("fr", "2023-12-24", "Hier, un drone a frappé Kherson.", "Hier", "2023-12-23", "2023-12-23", "day"),
    ("fr", "2023-12-24", "Au cours de la journée du 23 décembre, l’ennemi a tiré 11 missiles.", "23 décembre", "2023-12-23", "2023-12-23", "day"),
    ("fr", "2023-12-24", "Jeudi dernier, le FBI a arrêté un aviateur.", "Jeudi dernier", "2023-12-21", "2023-12-21", "day"),
    ("fr", "2023-12-24", "Les otages sont détenus depuis le 7 octobre.", "depuis le 7 octobre", "2023-10-07", "2023-12-24", "range"),
    ("fr", "2023-12-24", "À la fin de l'année dernière, le front s'est figé.", "À la fin de l'année dernière", "2022-09-01", "2022-12-31", "range"),
    ("ru", "2024-03-07", "В понедельник Слуцкий внес проект в Госдуму.", "понедельник", "2024-03-04", "2024-03-04", "day"),
    ("ru", "2024-03-07", "На прошлой неделе стало известно о разговоре.", "На прошлой неделе", "2024-02-26", "2024-03-03", "week"),
    ("ru", "2024-03-07", "Вчера депутаты обсудили обращение.", "Вчера", "2024-03-06", "2024-03-06", "day"),
    ("ru", "2024-03-07", "Москва. 7 марта. INTERFAX.RU - Слуцкий сообщил о проекте.", "7 марта", "2024-03-07", "2024-03-07", "day"),
    ("ru", "2024-03-07", "Договор подписан 12 сентября 1990 года.", "12 сентября 1990 года", "1990-09-12", "1990-09-12", "day"),
    ("ru", "2024-03-07", "В конце прошлого года начались переговоры.", "В конце прошлого года", "2023-09-01", "2023-12-31", "range"),
    ("ru", "2024-03-07", "Удары наносились в субботу и воскресенье.", "субботу и воскресенье", "2024-03-02", "2024-03-03", "range"),
    ("ru", "2024-03-07", "Заседание прошло в среду.", "среду", "2024-03-06", "2024-03-06", "day"),
    ("uk", "2024-04-29", "У понеділок Блінкен прибув до Китаю.", "понеділок", "2024-04-29", "2024-04-29", "day"),
    ("uk", "2024-04-29", "Минулого тижня Австралія оголосила пакет допомоги.", "Минулого тижня", "2024-04-22", "2024-04-28", "week"),
    ("uk", "2024-04-29", "Вчора міністр оборони прибув до Львова.", "Вчора", "2024-04-28", "2024-04-28", "day"),
    ("uk", "2024-04-29", "Угоду підписали 27 квітня.", "27 квітня", "2024-04-27", "2024-04-27", "day"),
    ("uk", "2024-04-29", "У суботу міністр оборони Австралії прибув до Львова.", "суботу", "2024-04-27", "2024-04-27", "day"),
    ("uk", "2024-04-29", "Наприкінці минулого року фронт стабілізувався.", "Наприкінці минулого року", "2023-09-01", "2023-12-31", "range"),
    ("uk", "2024-04-29", "З 7 жовтня тривають бої.", "З 7 жовтня", "2023-10-07", "2024-04-29", "range"),
]  # fmt: skip

# Month-precision publication dates give honest wide intervals: every day the expression may
# mean, with the anchor's precision, never a guessed day. 2022-02-01 is a Tuesday, so the
# Monday on or before it is 2022-01-31.
MONTH_ANCHORED = [
    ("nl", "2022-02", "Op satellietfoto’s die maandag werden gepubliceerd, was dat te zien.", "maandag", "2022-01-31", "2022-02-28", "month"),
    ("nl", "2022-02", "De nieuwe beelden werden zondag en maandag genomen.", "zondag en maandag", "2022-01-30", "2022-02-28", "month"),
    ("nl", "2022-02", "Macron deed vorige week een dringend beroep op Poetin.", "vorige week", "2022-01-24", "2022-02-27", "month"),
    ("nl", "2022-02", "Gisteren sprak Scholz met Poetin.", "Gisteren", "2022-01-31", "2022-02-27", "month"),
    ("nl", "2022-02", "Eind vorige maand begon de oefening.", "Eind vorige maand", "2022-01-21", "2022-01-31", "range"),
    ("nl", "2022-02", "Op 17 juli stortte het toestel neer.", "17 juli", "2021-07-17", "2021-07-17", "day"),
    ("en", "2022-02", "Satellite images published on Monday show new deployments.", "Monday", "2022-01-31", "2022-02-28", "month"),
    ("en", "2022-02", "Macron visited the Kremlin last week.", "last week", "2022-01-24", "2022-02-27", "month"),
    ("de", "2025-05", "Am Montag griff Russland die Region Sumy an.", "Montag", "2025-04-28", "2025-05-26", "month"),
    ("fr", "2023-04", "Le FBI a arrêté ce jeudi un aviateur.", "ce jeudi", "2023-03-30", "2023-04-27", "month"),
    ("ru", "2024-03", "В понедельник Слуцкий внес проект в Госдуму.", "понедельник", "2024-02-26", "2024-03-25", "month"),
    ("uk", "2024-04", "У понеділок Блінкен прибув до Китаю.", "понеділок", "2024-04-01", "2024-04-29", "month"),
    ("uk", "2024", "У понеділок Блінкен прибув до Китаю.", "понеділок", "2024-01-01", "2024-12-30", "year"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("lang", "published", "sentence", "surface", "start", "end", "precision"),
    DAY_ANCHORED + MONTH_ANCHORED,
)
def test_dates_resolve_against_publication_date(
    resources: Resources,
    lang: str,
    published: str,
    sentence: str,
    surface: str,
    start: str,
    end: str,
    precision: str,
) -> None:
    m = _one(parse_dates(sentence, lang, resources, published), surface)
    v = m.value
    assert (v.start, v.end, v.precision) == (start, end, precision)
    if v.relative:
        assert v.anchor == published


# lang, sentence, mention text, relation
EVENT_RELATIVE = [
    ("nl", "De bekendmaking komt een dag nadat Lavrov Poetin om diplomatie vroeg.", "een dag nadat", "day_after"),
    ("en", "The announcement came a day after Lavrov spoke to Putin.", "a day after", "day_after"),
    ("de", "Einen Tag nachdem Lawrow mit Putin sprach, kam die Ankündigung.", "Einen Tag nachdem", "day_after"),
    ("fr", "La veille, Lavrov avait parlé à Poutine.", "La veille", "day_before"),
    ("ru", "Накануне Лавров говорил с Путиным.", "Накануне", "day_before"),
    ("uk", "Наступного дня Лавров говорив з Путіним.", "Наступного дня", "day_after"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "sentence", "surface", "relation"), EVENT_RELATIVE)
def test_dates_relative_to_an_event_have_a_null_interval(
    resources: Resources, lang: str, sentence: str, surface: str, relation: str
) -> None:
    v = _one(parse_dates(sentence, lang, resources, "2022-02-15"), surface).value
    assert (v.start, v.end, v.precision, v.relation) == (
        None,
        None,
        "unknown",
        relation,
    )


NOT_DATES = [
    ("en", "May I ask whether 2000 soldiers were sent?"),
    ("en", "The rover landed on Mars in the crater."),
    ("fr", "Le robot a atterri sur Mars."),
    ("de", "Am frühen Morgen griff die Luftwaffe an."),
    ("ru", "Окружающая среда пострадала от ударов."),
    ("nl", "Resolutie 2334 werd aangenomen."),
]


@pytest.mark.parametrize(("lang", "sentence"), NOT_DATES)
def test_dates_not_for_names_quantities_and_homographs(
    resources: Resources, lang: str, sentence: str
) -> None:
    assert [m.text for m in parse_dates(sentence, lang, resources, "2022-02-15")] == []


def test_dates_without_publication_date_keep_relative_ones_unresolved(
    resources: Resources,
) -> None:
    found = {m.text: m.value for m in parse_dates("Gisteren, op 17 juli 2014.", "nl", resources)}
    assert found["Gisteren"].start is None and found["Gisteren"].precision == "unknown"
    assert found["17 juli 2014"].start == "2014-07-17"
    assert found["17 juli 2014"].anchor is None


def test_dates_next_modifier_points_forward(resources: Resources) -> None:
    v = _one(parse_dates("Volgende maandag praten ze verder.", "nl", resources, "2022-02-15"),
             "Volgende maandag").value  # fmt: skip
    assert (v.start, v.end) == ("2022-02-21", "2022-02-21")


def test_dates_stage_registered_and_runs_in_a_pipeline(resources: Resources) -> None:
    assert "dates.v1" in registered()
    text = "De beelden werden zondag en maandag genomen. Macron deed vorige week een beroep."
    doc = Document(text, date="2022-02", date_precision="month", lang="nl")
    Pipeline(["language.v1", "sentences.v1", "dates.v1"])(doc, resources)
    found = [m for m in doc.mentions if m.kind == "date"]
    assert [m.text for m in found] == ["zondag en maandag", "vorige week"]
    for m in found:
        assert m.source == "dates.v1" and doc.text[m.start : m.end] == m.text
        assert m.value.precision == "month" and m.value.anchor == "2022-02"


_TOKENS = [
    "maandag", "zondag", "en", "vorige", "week", "gisteren", "17", "juli", "2014", "2019-20",
    "sinds", "eind", "vorig", "jaar", "Monday", "last", "July", "since", "am", "17.", "Juli",
    "seit", "lundi", "dernier", "le", "24", "décembre", "в", "понедельник", "7", "марта",
    "года", "у", "понеділок", "27", "квітня", "08.05.2025", "2022-02-15", "31.02.2014", "-",
    "/", ".", ",", "\n", "’", "een dag nadat", "mi-", "в конце", "прошлого года", "0",
]  # fmt: skip


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lang=st.sampled_from([*LANGS, None, "es"]),
    published=st.sampled_from([None, "2022", "2022-02", "2022-02-15", "2022-02-15T10:00:00+00:00"]),
    text=st.one_of(
        st.text(max_size=200),
        st.lists(st.sampled_from(_TOKENS), max_size=30).map(" ".join),
        st.lists(st.sampled_from(_TOKENS), max_size=30).map("".join),
    ),
)
def test_dates_offsets_hold_on_any_text(lang: str | None, published: str | None, text: str) -> None:
    for m in parse_dates(text, lang, _RESOURCES, published):
        assert text[m.start : m.end] == m.text
        assert m.start < m.end and m.kind == "date"
        v = m.value
        if v.start is not None:
            assert v.start <= v.end


_RESOURCES = Resources()  # hypothesis reruns the test body; one Resources keeps it fast
