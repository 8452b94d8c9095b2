"""Fixtures for the ingest tests: write input files into tmp_path and read them back."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimscope.errors import IngestError
from claimscope.ingest import iter_documents
from claimscope.model import Document
from claimscope.settings import Settings

Read = Callable[..., tuple[list[Document], list[IngestError]]]


def split(items) -> tuple[list[Document], list[IngestError]]:
    docs, errors = [], []
    for item in items:
        assert isinstance(item, Document | IngestError), item
        (errors if isinstance(item, IngestError) else docs).append(item)
    return docs, errors


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """write("a/b.txt", "text" or b"bytes") -> the path, folders created."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return _write


@pytest.fixture
def read(settings: Settings) -> Read:
    """read(path, ..., **setting_overrides) -> (documents, errors)."""

    def _read(*paths: Path | str, **overrides) -> tuple[list[Document], list[IngestError]]:
        return split(iter_documents([str(p) for p in paths], replace(settings, **overrides)))

    return _read


def _html_page(
    title: str,
    paragraphs: list[str],
    *,
    lang: str = "en",
    date: str | None = "2022-02-15T09:30:00+01:00",
    canonical: str | None = "https://news.example/world/withdrawal",
    site: str = "The Example Times",
    charset: str = "utf-8",
) -> str:
    meta = [f'<meta charset="{charset}">', f"<title>{title} | {site}</title>"]
    meta.append(f'<meta property="og:site_name" content="{site}">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{canonical}">')
    if date:
        meta.append(f'<meta property="article:published_time" content="{date}">')
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head>{"".join(meta)}</head><body>'
        '<nav><a href="/">Home</a> | <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright The Example Times. All rights reserved.</footer></body></html>"
    )


def _warc_response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    *,
    status: str = "200 OK",
    content_type: str = "text/html; charset=utf-8",
    warc_date: str | None = None,
) -> None:
    http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    warc_headers = {"WARC-Date": warc_date} if warc_date else None
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=http, warc_headers_dict=warc_headers
    )
    writer.write_record(record)


def _warc_bytes(build: Callable[[WARCWriter], None], *, gzip: bool = False) -> bytes:
    out = io.BytesIO()
    build(WARCWriter(out, gzip=gzip))
    return out.getvalue()


@pytest.fixture
def html_page() -> Callable[..., str]:
    """html_page(title, paragraphs, lang=, date=, canonical=, site=, charset=) -> a news page."""
    return _html_page


@pytest.fixture
def warc() -> tuple[Callable[..., None], Callable[..., bytes]]:
    """(response(writer, url, body, status=, content_type=, warc_date=), build(fn, gzip=))."""
    return _warc_response, _warc_bytes
