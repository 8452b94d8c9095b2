"""``serve --db postgresql://…``: the app over a PostgreSQL ledger answers as over SQLite (the
project's own written articles, tests/fixtures, analysed into both)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from claimscope import Ledger
from claimscope.web import create_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_web_postgres_answers_as_over_sqlite(postgres_url, tmp_path):
    clients = []
    for db in (str(tmp_path / "ledger.db"), postgres_url):
        with Ledger(db) as ledger:
            report = ledger.analyze([str(FIXTURES)])
        assert report.ok and report.claims > 5
        clients.append(TestClient(create_app(db), raise_server_exceptions=False))
    sqlite, postgres = clients
    claims = postgres.get("/api/claims", params={"limit": "500"}).json()
    first = claims["claims"][0]
    for path, params in (
        ("/api/claims", {"limit": "500"}),
        ("/api/claims", {"limit": "5", "sort": "-event_date"}),
        ("/api/claims", {"q": "said", "limit": "50"}),
        ("/api/facets", {}),
        ("/api/facets", {"status": "unverified"}),
        ("/api/situations", {}),
        (f"/api/claims/{first['id']}", {}),
        (f"/api/documents/{first['doc_id'][:8]}", {}),
    ):
        got = postgres.get(path, params=params)
        assert got.status_code == 200, (path, got.text[:300])
        assert got.json() == sqlite.get(path, params=params).json(), (path, params)
    page = postgres.get("/")
    assert page.status_code == 200 and first["id"][:8] in page.text
