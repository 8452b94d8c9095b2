"""The JSON API over a ledger of the project's own written articles (tests/fixtures), through
FastAPI's TestClient."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest
from fastapi.testclient import TestClient

from claimscope import Ledger
from claimscope.model import SOURCE_TYPES
from claimscope.store.base import SORTS
from claimscope.web import api, create_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("web") / "ledger.db")
    with Ledger(path) as ledger:
        report = ledger.analyze([str(FIXTURES)])
    assert report.ok and report.claims > 5
    return path


@pytest.fixture(scope="module")
def client(db: str) -> TestClient:
    return TestClient(create_app(db), raise_server_exceptions=False)


def all_claims(client: TestClient, **params: str) -> list[dict]:
    r = client.get("/api/claims", params={"limit": "500", **params})
    assert r.status_code == 200, r.text
    return r.json()["claims"]


def test_api_claims_lists_schema_records_with_a_total(client, claim_schema):
    import jsonschema

    body = client.get("/api/claims", params={"limit": "3"}).json()
    assert body["total"] >= len(body["claims"]) == 3
    for rec in body["claims"]:
        jsonschema.validate(rec, claim_schema)


def test_api_cursor_pages_cover_the_listing_once_in_order(client):
    whole = [c["id"] for c in all_claims(client, sort="-date")]
    seen, cursor = [], None
    while True:
        params = {"limit": "4", "sort": "-date", **({"cursor": cursor} if cursor else {})}
        body = client.get("/api/claims", params=params).json()
        seen += [c["id"] for c in body["claims"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == whole
    dates = [c["doc_date"] for c in all_claims(client, sort="-date")]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    "param, field",
    [
        ("source_type", lambda c: c["source_type"]),
        ("status", lambda c: c["status"]),
        ("lang", lambda c: c["lang"]),
        ("event_type", lambda c: c["proposition"]["event_type"]),
    ],
)
def test_api_each_filter_keeps_only_its_value(client, param, field):
    every = all_claims(client)
    values = {field(c) for c in every}
    assert values
    for value in values:
        got = all_claims(client, **{param: value})
        assert got and all(field(c) == value for c in got)
        assert len(got) == sum(1 for c in every if field(c) == value)


def test_api_claimant_search_and_dates(client):
    every = all_claims(client)
    named = next(c for c in every if "Kuleba" in c["claimant"]["name"])
    assert named["id"] in {c["id"] for c in all_claims(client, claimant="kuleba")}
    assert named["id"] in {c["id"] for c in all_claims(client, q="believe")}
    assert all_claims(client, q="zeppelinwerft") == []
    assert all(c["doc_date"] >= "2022-02-16" for c in all_claims(client, since="2022-02-16"))
    assert all(c["doc_date"] <= "2022-02-15" for c in all_claims(client, until="2022-02-15"))
    by_event = all_claims(client, since="2022-02-13", until="2022-02-14", date_by="event")
    assert by_event and all(
        "2022-02-13"
        <= ((c["proposition"]["time"] or c["captured"] or {}).get("start") or "")
        <= "2022-02-14~"
        for c in by_event
    )


def test_api_situation_filter_and_detail(client):
    situations = client.get("/api/situations").json()["situations"]
    assert situations
    s = max(situations, key=lambda s: s["claims"])
    members = all_claims(client, situation=s["id"])
    assert len(members) == s["claims"]
    detail = client.get(f"/api/situations/{s['id']}").json()
    assert {t["id"] for t in detail["timeline"]} == {c["id"] for c in members}
    assert sum(len(g["claims"]) for g in detail["sides"]) == len(members)
    whens = [t["when"] for t in detail["timeline"]]
    assert whens == sorted(whens)


def test_api_claim_reasons_link_claims_that_exist(client):
    every = all_claims(client)
    contradicted = next(c for c in every if c["status"] == "contradicted")
    body = client.get(f"/api/claims/{contradicted['id']}").json()
    assert body["record"]["id"] == contradicted["id"]
    cited = [x["id"] for r in body["reasons"] for x in r["claims"]]
    assert cited, body["reasons"]
    for cid in cited:
        assert client.get(f"/api/claims/{cid}").status_code == 200
    assert any(r["relation"] == "contradicts" for r in body["related"])
    assert all(r["text"] for r in body["reasons"])


def test_api_document_spans_point_into_its_text(client):
    rec = all_claims(client)[0]
    doc = client.get(f"/api/documents/{rec['doc_id'][:8]}").json()
    assert doc["id"] == rec["doc_id"] and doc["lang"] in ("en", "nl")
    kinds = {s["kind"] for s in doc["spans"]}
    assert {"claim", "cue", "claimant", "mention"} <= kinds
    for s in doc["spans"]:
        assert 0 <= s["start"] < s["end"] <= len(doc["text"])
    one = next(s for s in doc["spans"] if s["claim"] == rec["id"] and s["kind"] == "cue")
    assert doc["text"][one["start"] : one["end"]] == rec["cue"]


def test_api_facets_count_the_current_filter(client):
    body = client.get("/api/facets").json()
    assert sum(f["count"] for f in body["facets"]["status"]) == body["total"]
    observer = client.get("/api/facets", params={"source_type": "observer"}).json()
    assert observer["total"] == len(all_claims(client, source_type="observer"))
    # Other facets count within the filter; a facet's own values are counted without its own
    # condition, so the other source types stay in view to switch to.
    assert sum(f["count"] for f in observer["facets"]["status"]) == observer["total"]
    own = {f["value"]: f["count"] for f in observer["facets"]["source_type"]}
    everything = {f["value"]: f["count"] for f in body["facets"]["source_type"]}
    assert own == everything and len(own) > 1


@pytest.mark.parametrize(
    "params, name",
    [
        ({"status": "true-ish"}, "status"),
        ({"source_type": "blog"}, "source_type"),
        ({"event_type": "PICNIC"}, "event_type"),
        ({"lang": "english!"}, "lang"),
        ({"since": "2022-02-30"}, "since"),
        ({"until": "yesterday"}, "until"),
        ({"sort": "random"}, "sort"),
        ({"cursor": "bm90IGEgY3Vyc29y"}, "cursor"),
        ({"limit": "0"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"date_by": "moon"}, "date_by"),
    ],
)
def test_api_a_bad_parameter_is_a_422_naming_it(client, params, name):
    r = client.get("/api/claims", params=params)
    assert r.status_code == 422
    assert r.json()["parameter"] == name and name in r.json()["detail"]


def test_api_a_cursor_of_another_order_is_refused(client):
    cursor = client.get("/api/claims", params={"limit": "1"}).json()["next_cursor"]
    r = client.get("/api/claims", params={"cursor": cursor, "sort": "claimant"})
    assert r.status_code == 422 and r.json()["parameter"] == "cursor"


@pytest.mark.parametrize(
    "url", ["/api/claims/cnothere", "/api/situations/nothere", "/api/documents/ffff0000"]
)
def test_api_an_unknown_id_is_a_404_without_the_ledger_path(client, db, url):
    r = client.get(url)
    assert r.status_code == 404
    assert db not in r.text and url.rsplit("/", 1)[1] in r.json()["detail"]


def test_api_openapi_and_offline_docs(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/claims", "/api/claims/{claim_id}", "/api/facets"} <= set(spec["paths"])
    page = client.get("/docs")
    assert page.status_code == 200 and "/api/claims" in page.text
    assert "cdn" not in page.text.lower() and "swagger" not in page.text.lower()
    assert client.get("/redoc").status_code == 404


def test_api_no_write_route_without_the_flag(client):
    assert client.post("/analyze", data={"text": "x", "date": "2022"}).status_code in (404, 405)
    methods = {m for ops in client.get("/openapi.json").json()["paths"].values() for m in ops}
    assert methods == {"get"}


def test_api_a_missing_ledger_is_refused_when_the_app_is_made(tmp_path):
    from claimscope.errors import StoreError

    with pytest.raises(StoreError, match="no such ledger"):
        create_app(str(tmp_path / "absent.db"))
    assert not (tmp_path / "absent.db").exists()


def test_api_parameter_choices_are_the_stores():
    """The OpenAPI enums are written out for FastAPI; they must stay the store's lists."""
    assert get_args(api.SourceTypeQ) == SOURCE_TYPES
    assert get_args(api.SortQ) == SORTS


def test_api_search_with_control_characters_is_an_answer(client):
    # Found by the fuzz test: a NUL ended the FTS5 query inside its quotation (a 503).
    for q in (";.dd\x00\xad\x92x P", 'Kharkiv\x00"', "\x1b[31mred"):
        r = client.get("/api/claims", params={"q": q})
        assert r.status_code == 200, (q, r.text)
        assert client.get("/api/facets", params={"q": q, "sort": "claimant"}).status_code == 200
