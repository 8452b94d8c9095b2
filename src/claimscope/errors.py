"""Typed exceptions. The library raises these; only ``cli.py`` prints them and sets exit codes."""

from __future__ import annotations


class ClaimscopeError(Exception):
    """Base class: the message says what went wrong, where, and what to do."""


class IngestError(ClaimscopeError):
    """One input (a file, a line, a record) could not be read. The run goes on without it."""

    def __init__(self, origin: str, reason: str, line: int | None = None) -> None:
        self.origin = origin
        self.line = line
        self.reason = reason
        where = f"{origin}:{line}" if line is not None else origin
        super().__init__(f"{where}: {reason}")

    @property
    def where(self) -> str:
        return f"{self.origin}:{self.line}" if self.line is not None else self.origin


class LimitError(ClaimscopeError):
    """A document over a resource limit (characters, time): refused, and the run goes on."""

    @classmethod
    def too_long(cls, chars: int, max_chars: int) -> LimitError:
        return cls(
            f"document of {chars:,} characters is over --max-chars {max_chars:,}; split it or "
            "raise --max-chars"
        )


class DateError(ClaimscopeError):
    """A publication date that cannot be parsed or is absurd."""


class LanguageDataError(ClaimscopeError):
    """A per-language data file is missing a key or has the wrong shape."""


class PipelineError(ClaimscopeError):
    """Stages registered in an order that breaks their requires/assigns contract."""


class StoreError(ClaimscopeError):
    """The ledger cannot be opened, migrated or written."""


class StaleAssessmentError(StoreError):
    """Another run saved an assessment after this one read the ledger: this one must read again."""


class NotFoundError(ClaimscopeError):
    """A document, claim or situation id that the ledger does not hold."""


class StoreUnavailableError(StoreError):
    """The store cannot be written at all: locked by another process, read-only, full or failing
    to read or write its disk. Every later write would fail the same way, so a run stops."""


class ExportError(ClaimscopeError):
    """An export could not be written; the file it was to replace is left as it was."""


class QueryError(ClaimscopeError):
    """A filter that cannot be right (a date that is not one, a status that does not exist)."""
