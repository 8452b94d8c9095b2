"""records.py: typed values from the stages to the claim record and the store, and back.

The articles are written for these tests: a number of troops with its counted noun, a quote with
its speaker, a city, a weekday resolved against the publication date and satellite imagery with
the day it was taken.
"""

from __future__ import annotations

import json
import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

import claimscope
from claimscope import export
from claimscope.model import (
    Document,
    EntityRef,
    Place,
    PlaceArg,
    Quantity,
    QuantityArg,
    TimeArg,
    TimeInterval,
)
from claimscope.records import claim_from_record, claim_record, value_from_record, value_record
from claimscope.store.sqlite import SQLiteStore

ARTICLES = {
    "en": (
        "Russia has massed about 130,000 troops near the border with Ukraine, according to US "
        'officials. "We are not going to attack anyone," Foreign Minister Sergei Lavrov said in '
        "Moscow on Monday. Satellite images taken on Sunday by Maxar show new tents and "
        "helicopters in Belarus."
    ),
    "nl": (
        "Volgens de Amerikaanse regering heeft Rusland zo'n 130.000 militairen bij de grens met "
        'Oekraïne samengetrokken. "Wij vallen niemand aan," zei minister Sergej Lavrov maandag '
        "in Moskou. Op satellietbeelden van Maxar, die zondag werden gemaakt, zijn nieuwe tenten "
        "in Wit-Rusland te zien."
    ),
}
# lang: the quantity, the city, the weekday before publication, the day the imagery was taken
SURFACES = {
    "en": ("about 130,000", "Moscow", "Monday", "Sunday"),
    "nl": ("zo'n 130.000", "Moskou", "maandag", "zondag"),
}
RECORD_KEYS = [
    "id", "doc_id", "doc_date", "lang", "text", "span", "claimant", "source_type", "cue",
    "cue_span", "content_span", "mode", "attributed_by", "evidence", "evidence_span", "captured",
    "proposition", "modality", "stances", "situation_id", "status", "reasons", "confidence",
]  # fmt: skip
PROPOSITION_KEYS = [
    "event_type", "event_mode", "actor", "target", "places", "quantity", "time",
]  # fmt: skip


@pytest.fixture(scope="module", params=sorted(ARTICLES))
def analysed(request: pytest.FixtureRequest) -> tuple[str, Document]:
    lang = request.param
    return lang, claimscope.analyze_text(ARTICLES[lang], date="2022-02-15", lang=lang)


def _mention(doc: Document, surface: str, kind: str):
    found = [m for m in doc.mentions if m.text == surface and m.kind == kind]
    assert found, f"no {kind} mention {surface!r}: {[(m.text, m.kind) for m in doc.mentions]}"
    return found[0]


def test_records_mention_values_are_typed(analysed):
    lang, doc = analysed
    quantity, city, monday, _ = SURFACES[lang]
    q = _mention(doc, quantity, "quantity").value
    assert isinstance(q, Quantity)
    assert (q.value, q.low, q.high, q.approximate) == (130000, None, None, True)
    assert q.unit_key == "troops" and q.unit_span is not None
    assert doc.text[q.unit_span[0] : q.unit_span[1]] == q.unit
    place = _mention(doc, city, "place").value
    assert isinstance(place, Place)
    assert (place.name, place.country, place.type, place.adjective) == (
        "Moscow",
        "RU",
        "city",
        False,
    )
    assert place.lat == pytest.approx(55.75, abs=0.1)
    day = _mention(doc, monday, "date").value
    assert day == TimeInterval("2022-02-14", "2022-02-14", "day", True, "2022-02-15")
    lavrov = next(m for m in doc.mentions if m.entity_id == "ru.lavrov")
    assert isinstance(lavrov.value, EntityRef) and lavrov.value.name == "Sergey Lavrov"
    assert lavrov.name == "Sergey Lavrov" and lavrov.country == "RU"
    for m in doc.mentions:
        assert m.value is None or isinstance(m.value, Quantity | TimeInterval | Place | EntityRef)


def test_records_proposition_arguments_are_typed(analysed):
    lang, doc = analysed
    quantity, _, _, sunday = SURFACES[lang]
    (troops,) = [c for c in doc.claims if c.proposition.quantity is not None]
    q = troops.proposition.quantity
    assert isinstance(q, QuantityArg)
    assert (q.value, q.approximate, q.surface) == (130000, True, quantity)
    assert doc.text[q.span[0] : q.span[1]] == quantity
    assert {"Russia", "Ukraine"} <= {p.name for p in troops.proposition.places}
    for p in troops.proposition.places:
        assert isinstance(p, PlaceArg) and doc.text[p.span[0] : p.span[1]] == p.surface
    (seen,) = [c for c in doc.claims if c.mode == "observation"]
    assert seen.captured == TimeArg("2022-02-13", "2022-02-13", sunday, seen.captured.span)
    assert doc.text[seen.captured.span[0] : seen.captured.span[1]] == sunday
    assert seen.proposition.time == seen.captured


def test_records_claim_round_trips_to_an_equal_claim(analysed):
    _, doc = analysed
    assert len(doc.claims) >= 3
    for claim in doc.claims:
        line = json.dumps(claim_record(claim, doc), ensure_ascii=False)
        rec = json.loads(line)
        assert list(rec) == RECORD_KEYS and list(rec["proposition"]) == PROPOSITION_KEYS
        back = claim_from_record(rec)
        assert back == claim
        assert json.dumps(claim_record(back, doc), ensure_ascii=False) == line


def test_records_record_keeps_the_json_shape(analysed):
    lang, doc = analysed
    (troops,) = [c for c in doc.claims if c.proposition.quantity is not None]
    prop = claim_record(troops, doc)["proposition"]
    q = troops.proposition.quantity
    assert prop["quantity"] == {
        "value": 130000,
        "low": None,
        "high": None,
        "unit": q.unit,
        "approximate": True,
        "surface": SURFACES[lang][0],
        "span": list(q.span),
    }
    assert [list(p) for p in prop["places"]] == [
        ["name", "surface", "country", "admin1", "lat", "lon", "span"] for _ in prop["places"]
    ]
    (seen,) = [c for c in doc.claims if c.mode == "observation"]
    assert list(claim_record(seen, doc)["captured"]) == ["start", "end", "surface", "span"]


def test_records_mention_values_survive_the_store(tmp_path, analysed):
    _, doc = analysed
    store = SQLiteStore(tmp_path / "l.db")
    try:
        store.write_document(doc)
        got = store.get_document(doc.id)
    finally:
        store.close()

    def values(d: Document) -> list[tuple]:
        return sorted(((m.start, m.end, m.kind, m.value) for m in d.mentions), key=repr)

    assert values(got) == values(doc)
    assert any(isinstance(m.value, Quantity) for m in got.mentions)
    assert got.claims == doc.claims


def test_records_value_json_is_the_stored_shape():
    """The shape the stages wrote before their values were typed: ledgers of then still read."""
    kharkiv = {
        "name": "Kharkiv", "country": "UA", "admin1": "Kharkiv", "lat": 49.98, "lon": 36.25,
        "type": "city", "place_id": "gn:706483", "geonameid": 706483, "ne_id": "Q42627",
    }  # fmt: skip
    assert value_record(value_from_record(kharkiv)) == kharkiv
    assert list(value_record(value_from_record(kharkiv))) == list(kharkiv)
    adjective = value_record(Place("Russia", "RU", type="country", adjective=True))
    assert list(adjective)[-1] == "adjective" and "people" not in adjective
    event = value_record(TimeInterval(None, None, "unknown", True, None, "day_after"))
    assert event == {
        "start": None,
        "end": None,
        "precision": "unknown",
        "relative": True,
        "anchor": None,
        "relation": "day_after",
    }
    assert "relation" not in value_record(TimeInterval("2022-02-14", "2022-02-14", "day"))
    assert value_record(Quantity(25, unit_span=(3, 9)))["unit_span"] == [3, 9]
    person = {"name": "Dmytro Kuleba", "country": "UA", "role": "party", "type": "person"}
    assert value_from_record(person) == EntityRef("Dmytro Kuleba", "UA", "party", "person")


def test_records_value_of_unknown_shape_is_skipped_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="claimscope.records"):
        assert value_from_record({"colour": "red"}) is None
    assert "colour" in caplog.text


_NUMBER = st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False)
_SPAN = st.none() | st.tuples(st.integers(0, 10**6), st.integers(0, 10**6))
_DEGREES = st.none() | st.floats(-180, 180)
_VALUES = st.one_of(
    st.builds(
        Quantity, value=_NUMBER, low=st.none() | _NUMBER, high=st.none() | _NUMBER, unit_span=_SPAN
    ),
    st.builds(TimeInterval),
    st.builds(Place, lat=_DEGREES, lon=_DEGREES),
    st.builds(EntityRef),
)


@given(_VALUES)
def test_records_any_mention_value_round_trips_through_json(value):
    assert value_from_record(json.loads(json.dumps(value_record(value)))) == value


def test_records_export_only_writes():
    for name in ("claim_record", "claim_from_record", "assign_claim_ids", "value_record"):
        assert not hasattr(export, name), f"export.{name}: the codec lives in records.py"
