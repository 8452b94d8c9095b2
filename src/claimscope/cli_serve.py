"""``claimscope serve``: the web interface and JSON API over a ledger (registered on
:data:`claimscope.cli_common.app` when ``cli`` imports this module)."""

from __future__ import annotations

from typing import Annotated

import typer

from .cli_common import DEFAULT_DB, _errors, _require_db, app, data, err
from .store.base import redact


@app.command()
def serve(
    db: Annotated[
        str, typer.Option("--db", help="the ledger to serve: an SQLite file or a store URL")
    ] = DEFAULT_DB,
    host: Annotated[
        str, typer.Option(help="address to listen on (loopback: only this machine)")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="port to listen on")] = 8000,
    allow_writes: Annotated[
        bool,
        typer.Option(
            "--allow-writes", help="offer a page that analyses a pasted or uploaded article"
        ),
    ] = False,
) -> None:
    """Serve the ledger as web pages and a JSON API (OpenAPI at /openapi.json, docs at /docs).

    Everything the pages use ships with claimscope: it works with the network unplugged. It
    listens on 127.0.0.1 unless --host says otherwise; without --allow-writes nothing can be
    written through it.
    """
    _require_db(db)
    import uvicorn

    from .web import create_app

    with _errors():
        web = create_app(db, allow_writes=allow_writes)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(data(f"warning: listening on {host}: other machines can reach the ledger"))
    err.print(data(f"serving {redact(db)} on http://{host}:{port}/ (Ctrl+C stops)"))
    uvicorn.run(web, host=host, port=port, log_level="warning")
