"""The web application: the JSON API, the pages, the shipped static files, security headers and
error handlers that turn every failure into a clear answer (never a traceback).

Nothing is loaded from outside: no CDN, no web font, no tile server. FastAPI's own /docs loads
Swagger UI from a CDN, so it is off; /docs is a page of ours listing the endpoints of the
OpenAPI document.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Awaitable, Callable
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import ClaimscopeError, NotFoundError, QueryError, StoreError
from ..ledger import Ledger
from . import api, pages

log = logging.getLogger(__name__)

# Nothing from anywhere but this server; no inline script or style, no framing, forms post here.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def create_app(db: str, *, allow_writes: bool = False) -> FastAPI:
    """The app over the ledger ``db`` (a path or store URL). It is opened at once, so that a
    missing or foreign ledger is a StoreError here, not an error page later. Without
    ``allow_writes`` the ledger is opened read-only and no route writes."""
    ledger = _existing(db) if allow_writes else _readable(db)
    ledger.stats()  # open it now: a bad --db is one line from `serve`, not a broken page
    app = FastAPI(
        title="claimscope",
        version=__version__,
        description="Who claims what, assessed against what was observed: the JSON API over "
        "one ledger.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.ledger = ledger
    app.state.allow_writes = allow_writes
    app.state.write_lock = threading.Lock()
    app.include_router(api.router)
    app.include_router(pages.router)
    if allow_writes:
        app.include_router(pages.write_router)
    static = Path(str(resources.files("claimscope.web").joinpath("static")))
    app.mount("/static", StaticFiles(directory=static), name="static")
    _handlers(app)

    @app.middleware("http")
    async def security_headers(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        try:
            response = await call_next(request)
        except Exception:  # pragma: no cover - the handlers below answer first
            log.exception("unhandled error on %s", request.url.path)
            response = _problem(request, 500, "internal error; see the server log", None)
        response.headers.update(SECURITY_HEADERS)
        return response

    return app


def _readable(db: str) -> Ledger:
    """The ledger opened for reading. An older ledger is first brought to this version's
    schema (each migration one transaction, indexes and columns only: no record changes), so
    that serving it works as every other command that opens it; where the file cannot be
    written, the read-only open says what to run."""
    try:
        Ledger(db, create=False).close()
    except StoreError:
        with contextlib.suppress(StoreError):  # the read-only open below gives the message
            _existing(db).close()
    return Ledger(db, create=False)


def _existing(db: str) -> Ledger:
    """A writable ledger that must exist already (serve never creates one)."""
    Ledger(db, create=False).close()
    return Ledger(db)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def _problem(request: Request, status: int, detail: str, parameter: str | None) -> Response:
    if _is_api(request):
        body: dict[str, Any] = {"detail": detail, "parameter": parameter}
        return JSONResponse(body, status_code=status)
    return pages.error_page(request, status, detail)


def _parameter_of(message: str) -> str | None:
    """The parameter a QueryError names: its first word ("status 'x': …")."""
    first = message.split(" ", 1)[0]
    return {"search": "q", "situation_id": "situation"}.get(first, first) or None


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = exc.errors()
        first = errors[0] if errors else {}
        loc = [str(x) for x in first.get("loc", ()) if x not in ("query", "path", "body")]
        name = loc[-1] if loc else None
        msg = str(first.get("msg", "invalid"))
        return _problem(request, 422, f"{name}: {msg}" if name else msg, name)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> Response:
        return _problem(request, 422, str(exc), _parameter_of(str(exc)))

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return _problem(request, 404, _without_path(str(exc), request), None)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        log.warning("%s", exc)
        return _problem(request, 503, "the ledger cannot be read now; try again", None)

    @app.exception_handler(ClaimscopeError)
    async def other_error(request: Request, exc: ClaimscopeError) -> Response:
        return _problem(request, 400, str(exc), None)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "error"
        response = _problem(request, exc.status_code, detail, None)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        log.error("unhandled error on %s", request.url.path, exc_info=exc)
        return _problem(request, 500, "internal error; see the server log", None)


def _without_path(message: str, request: Request) -> str:
    """A not-found message without the ledger's file path (a visitor need not learn it)."""
    ledger: Ledger = request.app.state.ledger
    return message.replace(f" in {ledger.location}", "")
