"""The PostgreSQL side of reading situations and assessments (a part of :class:`PostgresStore`);
rows are read as in the SQLite store (assessments.py), whose row helpers it shares.

An assessment is saved by sql.SqlStore.save_assessment (both stores), in one transaction under
an exclusive advisory lock that every document write takes shared (PostgresStore._lock_writes):
the generation is read under it, so of two runs that assessed from the same state only the
first is saved and the second is refused (StaleAssessmentError: it assesses the ledger again),
and no document is half-replaced while verdicts are written beside it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import psycopg

from ..errors import NotFoundError, StoreError
from ..model import Claim, Placement, Situation
from .assessments import (
    _BY_PREFIX,
    _PLACEMENT,
    _SITUATION,
    _placement,
    _situation,
    one_by_prefix,
)
from .base import like_escape
from .rows import CLAIM_COLUMNS, claim_of_row


class PgAssessmentStore:
    """Mixed into PostgresStore; uses its ``conn``, ``path`` and ``error``."""

    path: str

    @property
    def conn(self) -> psycopg.Connection[Any]:  # provided by PostgresStore
        raise NotImplementedError

    def error(self, e: psycopg.Error, doing: str) -> StoreError:  # provided by PostgresStore
        raise NotImplementedError

    def _rows(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> list[Any]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except psycopg.Error as e:
            raise self.error(e, "read the ledger") from e

    # ------------------------------------------------------------------ meta
    def meta(self, key: str) -> str | None:
        rows = self._rows("SELECT value FROM meta WHERE key = %s", (key,))
        return str(rows[0][0]) if rows else None

    # ------------------------------------------------------------------ reads
    def _claims(self, column: str, ids: Iterable[str], reasons: bool) -> list[Claim]:
        wanted = sorted(set(ids))
        if not wanted:
            return []
        sql = f"SELECT {CLAIM_COLUMNS} FROM claims c WHERE c.{column} = ANY(%s)"
        return [claim_of_row(row, reasons) for row in self._rows(sql, (wanted,))]

    def claims_of_documents(self, doc_ids: Iterable[str], *, reasons: bool = True) -> list[Claim]:
        return self._claims("doc_id", doc_ids, reasons)

    def claims_of_situations(
        self, situation_ids: Iterable[str], *, reasons: bool = True
    ) -> list[Claim]:
        return self._claims("situation_id", situation_ids, reasons)

    def claims_by_id(self, claim_ids: Iterable[str], *, reasons: bool = True) -> list[Claim]:
        return self._claims("id", claim_ids, reasons)

    def stances_toward(self, claim_ids: Iterable[str]) -> list[tuple[str, str, str]]:
        """(holder claim id, target claim id, relation) of the stances towards ``claim_ids``."""
        wanted = sorted(set(claim_ids))
        if not wanted:
            return []
        rows = self._rows(
            "SELECT claim_id, toward, relation FROM stances WHERE toward = ANY(%s) "
            "ORDER BY toward, claim_id, relation",
            (wanted,),
        )
        return [tuple(r) for r in rows]

    def placements(self) -> Iterator[Placement]:
        """Every stored claim's placement, with the situation it is in."""
        rows = self._rows(
            f"SELECT {_PLACEMENT}, c.situation_id FROM placements p JOIN claims c ON c.id = p.claim_id"
        )
        for row in rows:
            yield _placement(row)

    def situations(self) -> list[Situation]:
        rows = self._rows(f"SELECT {_SITUATION} FROM situations ORDER BY start, id")
        return [_situation(r) for r in rows]

    def situation(self, situation_id: str) -> Situation:
        """The situation with this id, or with this unambiguous id prefix."""
        sid = self._by_prefix("situations", situation_id, "situation")
        rows = self._rows(f"SELECT {_SITUATION} FROM situations WHERE id = %s", (sid,))
        if not rows:
            raise NotFoundError(f"no situation {situation_id!r} in {self.path}")
        return _situation(rows[0])

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id, or with this unambiguous id prefix."""
        full = self._by_prefix("claims", claim_id, "claim")
        rows = self._rows(f"SELECT {CLAIM_COLUMNS} FROM claims c WHERE c.id = %s", (full,))
        if not rows:
            raise NotFoundError(f"no claim {claim_id!r} in {self.path}")
        return claim_of_row(rows[0])

    def _by_prefix(self, table: str, prefix: str, noun: str) -> str:
        """The full id of the row of ``table`` whose id is ``prefix`` or, failing that, the
        only one that starts with it; raises NotFoundError when there is none or more."""
        if table not in _BY_PREFIX:
            raise ValueError(f"no id look-up in table {table!r}")
        rows = self._rows(
            f"SELECT id FROM {table} WHERE id LIKE %s ESCAPE '\\' ORDER BY id LIMIT 2",
            (like_escape(prefix) + "%",),
        )
        return one_by_prefix(prefix, [r[0] for r in rows], noun, self.path)
