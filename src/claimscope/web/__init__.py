"""The web interface and JSON API of ``claimscope serve`` (FastAPI, pages rendered on the
server, every asset shipped in the package)."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
