"""The store interface. Stages never see it; the ledger talks to a store only through this.

SQLite implements it (``sqlite.py``); a PostgreSQL store implements the same methods.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import IngestError
from ..model import Document


@dataclass(slots=True)
class ClaimFilter:
    """Filters of ``claimscope claims``; every given field narrows the result (AND)."""

    claimant: str | None = None  # substring of the claimant name, case-insensitive
    status: str | None = None
    lang: str | None = None
    since: str | None = None  # document date >= since (string order of ISO dates)
    until: str | None = None  # document date <= until (a prefix match counts as inside)
    search: str | None = None  # full-text query over claim text and claimant
    doc_id: str | None = None
    situation_id: str | None = None
    limit: int | None = None


def like_escape(s: str) -> str:
    """``s`` as a literal inside a LIKE pattern with ``ESCAPE '\\'``."""
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Store(Protocol):
    def pipeline_version_of(self, doc_id: str) -> str | None:
        """The pipeline version the document was analysed with, or None if it is not stored."""

    def write_document(self, doc: Document) -> None:
        """Write ``doc`` with all its results in ONE transaction, replacing earlier results."""

    def record_failure(self, error: IngestError) -> None: ...

    def clear_failure(self, origin: str) -> None: ...

    def claim_records(self, flt: ClaimFilter | None = None) -> Iterator[dict[str, Any]]: ...

    def claim_record(self, claim_id: str) -> dict[str, Any]: ...

    def get_document(self, doc_id: str) -> Document: ...

    def documents(self) -> Iterator[dict[str, Any]]: ...

    def failures(self) -> list[dict[str, Any]]: ...

    def stats(self) -> dict[str, int]: ...

    def close(self) -> None: ...
