"""The server-rendered pages: what they show, that their whole state is in the URL, that they
load nothing from outside, and that a hostile article renders as text."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimscope import Ledger
from claimscope.ingest.base import make_document
from claimscope.model import Document
from claimscope.web import create_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# Written for this test: a news article that carries markup, event handlers, script URLs and
# Unicode meant to confuse a page (a right-to-left override, a zero-width joiner, a NUL-less
# control character), in its text, title, source and URL.
HOSTILE_TEXT = (
    "Officials said <script>alert('text')</script> troops had left the border area.\n\n"
    'The ministry of defence said on Monday that <img src=x onerror="alert(1)"> units were '
    "returning to their barracks near Belgorod.\n\n"
    "According to satellite images, more than 100 tanks remained near the border "
    "<a href=\"javascript:alert('link')\">here</a>.\n\n"
    "A spokesman said the \u202eevil\u202c report \u200dwas \x07false and called it "
    '"<svg onload=alert(2)>" propaganda.'
)
HOSTILE = {
    "title": "<script>alert('title')</script> Troops \u202eback",
    "source": '<b onmouseover="alert(3)">Evil Gazette</b>',
    "url": "javascript:alert(document.cookie)",
}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("pages") / "ledger.db")
    with Ledger(path) as ledger:
        ledger.analyze([str(FIXTURES)])
        doc = make_document(
            "hostile.txt", HOSTILE_TEXT, ledger.settings, date_value="2022-02-14", lang="en"
        )
        assert isinstance(doc, Document)
        doc.title, doc.source, doc.url = HOSTILE["title"], HOSTILE["source"], HOSTILE["url"]
        ledger.add(doc)
        ledger.assess()
    return path


@pytest.fixture(scope="module")
def client(db: str) -> TestClient:
    return TestClient(create_app(db), raise_server_exceptions=False)


class _Audit(HTMLParser):
    """Every element and attribute of a page, to check what a browser would run or load."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def audit(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Audit()
    parser.feed(html)
    return parser.tags


def assert_inert(html: str) -> None:
    """No script but the shipped one, no event handler, no script URL, no bidi override, and
    nothing loaded from another origin."""
    for tag, attrs in audit(html):
        if tag == "script":
            assert attrs == {"src": "/static/app.js", "defer": None}, attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "xlink:href"):
                assert value is not None
                assert not value.strip().lower().startswith(("javascript:", "data:")), value
                if name != "href" or tag in ("link",):
                    assert value.startswith("/"), value
    assert tag_count(html, "svg onload") == 0
    assert "\u202e" not in html and "\x07" not in html


def tag_count(html: str, needle: str) -> int:
    return html.count("<" + needle)


def hostile_doc_id(client: TestClient) -> str:
    claims = client.get("/api/claims", params={"q": "barracks"}).json()["claims"]
    assert claims, "the hostile article made no claim"
    return claims[0]["doc_id"]


def test_pages_hostile_article_renders_as_text_everywhere(client):
    doc_id = hostile_doc_id(client)
    doc_claims = client.get(f"/api/documents/{doc_id}").json()["claims"]
    situations = {
        client.get(f"/api/claims/{c}").json()["record"]["situation_id"] for c in doc_claims
    } - {None}
    urls = [
        "/",
        "/?q=barracks",
        f"/documents/{doc_id}",
        *(f"/claims/{c}" for c in doc_claims),
        *(f"/situations/{s}" for s in situations),
        "/situations",
        "/?q=" + "<script>alert(9)</script>",
        "/claims/<script>alert(9)</script>",
    ]
    for url in urls:
        r = client.get(url)
        assert r.status_code in (200, 404), url
        assert_inert(r.text)
        assert "<script>alert" not in r.text and "<img src=x" not in r.text, url
    page = client.get(f"/documents/{doc_id}").text
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in page
    assert "&lt;b onmouseover=" in page  # the source, shown as the text it is
    assert "javascript:alert(document.cookie)" in page  # shown, never a link
    assert 'href="javascript' not in page


def test_pages_every_response_has_a_csp_that_allows_nothing_from_outside(client):
    for url in ["/", "/docs", "/situations", "/static/style.css", "/api/claims", "/nowhere"]:
        csp = client.get(url).headers["content-security-policy"]
        assert "default-src 'none'" in csp and "http" not in csp and "*" not in csp
        assert "unsafe-inline" not in csp


def test_pages_ship_every_asset(client):
    for url in ["/", "/docs", f"/documents/{hostile_doc_id(client)}"]:
        html = client.get(url).text
        assert not re.search(r"(src|href)=\"(https?:)?//", html.replace('href="http', "x"))
        for tag, attrs in audit(html):
            if tag in ("link", "script", "img"):
                ref = attrs.get("href") or attrs.get("src") or ""
                assert client.get(ref).status_code == 200, ref
    css = client.get("/static/style.css").text
    assert "@import" not in css and "url(" not in css and "@font-face" not in css


def test_pages_ledger_state_is_in_the_url_and_facets_filter(client):
    page = client.get("/", params={"source_type": "observer"}).text
    rows = re.findall(r'<tr class="claim" data-nav data-href="/claims/(c[0-9a-f]+)"', page)
    api = client.get("/api/claims", params={"source_type": "observer"}).json()["claims"]
    assert rows == [c["id"] for c in api][: len(rows)] and rows
    # a facet link keeps the current filter and adds its own; clicking it again removes it
    links = re.findall(r'href="(\?[^"]*status=[^"]*)"', page)
    assert links and all("source_type=observer" in h.replace("&amp;", "&") for h in links)
    on = client.get("/", params={"source_type": "observer", "status": "corroborated"}).text
    assert 'class="on"><a class="facet" href="?source_type=observer"' in on
    # exports of this view carry the same filter
    for fmt in ("jsonl", "csv", "parquet", "geojson"):
        assert f"/export?source_type=observer&amp;format={fmt}" in page


def test_pages_exports_of_the_current_view(client):
    import json

    jsonl = client.get("/export", params={"format": "jsonl", "status": "contradicted"})
    lines = [json.loads(x) for x in jsonl.text.splitlines()]
    assert lines and {x["status"] for x in lines} == {"contradicted"}
    csv = client.get("/export", params={"format": "csv", "status": "contradicted"})
    assert csv.text.count("\n") == len(lines) + 1
    geo = client.get("/export", params={"format": "geojson"}).json()
    assert geo["type"] == "FeatureCollection" and geo["features"]
    lon, lat = geo["features"][0]["geometry"]["coordinates"]
    assert -180 <= lon <= 180 and -90 <= lat <= 90
    parquet = client.get("/export", params={"format": "parquet"})
    assert parquet.content[:4] == b"PAR1"
    assert client.get("/export", params={"format": "xlsx"}).status_code == 422


def test_pages_claim_page_highlights_its_sentence_and_links_its_reasons(client):
    contradicted = client.get("/api/claims", params={"status": "contradicted"}).json()["claims"]
    rec = contradicted[0]
    page = client.get(f"/claims/{rec['id']}").text
    assert '<span class="hl-claim' in page
    assert f'class="hl-claim hl-cue">{rec["cue"]}' in page or rec["cue"] in page
    detail = client.get(f"/api/claims/{rec['id']}").json()
    for cited in {x["id"] for r in detail["reasons"] for x in r["claims"]}:
        assert f'href="/claims/{cited}"' in page
    assert "contradicts" in page
    assert_inert(page)


def test_pages_situation_page_has_svg_timeline_map_and_sides(client):
    situations = client.get("/api/situations").json()["situations"]
    s = max(situations, key=lambda s: s["claims"])
    page = client.get(f"/situations/{s['id']}").text
    assert page.count("<svg") >= 2
    assert '<section class="side">' in page
    assert_inert(page)


def test_pages_unknown_ids_and_bad_parameters_are_pages_not_tracebacks(client):
    r = client.get("/claims/cnothere")
    assert r.status_code == 404 and "Not found" in r.text and "Traceback" not in r.text
    r = client.get("/", params={"since": "2022-02-31"})
    assert r.status_code == 422 and "since" in r.text


def test_pages_analyse_only_with_allow_writes(db, client):
    assert client.get("/analyze").status_code == 404
    assert "/analyze" not in client.get("/").text
    writer = TestClient(create_app(db, allow_writes=True), raise_server_exceptions=False)
    assert 'href="/analyze"' in writer.get("/").text
    text = (
        "The Ukrainian general staff said on Wednesday that Russian forces had shelled "
        "Kharkiv overnight. Two people were wounded, the regional governor said."
    )
    r = writer.post("/analyze", data={"text": text, "date": "2022-03-02", "lang": "en"})
    assert r.status_code == 200 and "Analysed" in r.text
    assert writer.get("/api/claims", params={"q": "Kharkiv"}).json()["claims"]
    too_big = writer.post("/analyze", data={"text": "a" * 600_000, "date": "2022"})
    assert too_big.status_code == 422 and "text" in too_big.text
    no_date = writer.post("/analyze", data={"text": text})
    assert no_date.status_code == 422 and "no date" in no_date.text
    bad_date = writer.post("/analyze", data={"text": text, "date": "2022-14-01"})
    assert bad_date.status_code == 422 and "2022-14-01" in bad_date.text
    binary = writer.post(
        "/analyze", data={"date": "2022"}, files={"file": ("a.txt", b"\xff\xfe\x00bad")}
    )
    assert binary.status_code == 422 and "UTF-8" in binary.text
    # A page of another site posting to the loopback server is refused (the browser says so).
    forged = writer.post(
        "/analyze",
        data={"text": text.replace("Kharkiv", "Sumy"), "date": "2022-03-02"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert forged.status_code == 403
    assert not writer.get("/api/claims", params={"q": "Sumy"}).json()["claims"]
