"""The PostgreSQL side of situations and assessments (a part of :class:`PostgresStore`); rows
are read and written as in the SQLite store (assessments.py), whose row helpers it shares.

An assessment is saved in one transaction under an exclusive advisory lock that every document
write takes shared: the generation is read under it, so of two runs that assessed from the same
state only the first is saved and the second is refused (StaleAssessmentError: it assesses the
ledger again), and no document is half-replaced while verdicts are written beside it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import psycopg

from ..errors import NotFoundError, StaleAssessmentError, StoreError
from ..model import Assessment, Claim, Placement, Situation
from ..reasons import to_json
from .assessments import (
    _BY_PREFIX,
    _PLACEMENT,
    _PLACEMENT_COLUMNS,
    _SITUATION,
    _placement,
    _placement_row,
    _situation,
    one_by_prefix,
)
from .base import like_escape
from .postgres_checks import WRITES_LOCK
from .rows import CLAIM_COLUMNS, claim_of_row

# The columns a placement or a situation upsert replaces (all but the key).
_PLACEMENT_SET = ", ".join(
    f"{c} = excluded.{c}" for c in (c.strip() for c in _PLACEMENT_COLUMNS.split(",")[1:])
)
_SITUATION_SET = ", ".join(
    f"{c} = excluded.{c}" for c in (c.strip() for c in _SITUATION.split(",")[1:])
)


class PgAssessmentStore:
    """Mixed into PostgresStore; uses its ``conn``, ``path``, ``_txn`` and ``error``."""

    path: str

    @property
    def conn(self) -> psycopg.Connection[Any]:  # provided by PostgresStore
        raise NotImplementedError

    def _txn(self) -> Any:  # provided by PostgresStore
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

    # ------------------------------------------------------------------ writes
    def save_assessment(
        self,
        situations: list[Situation],
        gone: Iterable[str],
        assessments: list[Assessment],
        policy_digest: str,
        full: bool,
        documents: Iterable[str] = (),
        placements: Iterable[Placement] = (),
        generation: str | None = None,
    ) -> None:
        """Write situations and verdicts in one transaction (see the Store protocol)."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        situation_rows = [
            (s.id, s.axis, s.title, s.actor, json.dumps(s.area), s.start, s.end, s.claims, now)
            for s in situations
        ]
        verdict_rows = [
            (
                a.status,
                a.situation_id,
                json.dumps([to_json(r) for r in a.reasons], ensure_ascii=False),
                a.claim_id,
            )
            for a in assessments
        ]
        try:
            with self._txn():
                conn = self.conn
                conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", WRITES_LOCK)
                _next_generation(conn, generation)
                if full:
                    conn.execute("DELETE FROM situations")
                    conn.execute(
                        "UPDATE claims SET status = 'not_assessed', situation_id = NULL, "
                        "reasons = '[]' WHERE status <> 'not_assessed' OR situation_id IS NOT "
                        "NULL OR reasons <> '[]'"
                    )
                    conn.execute("UPDATE documents SET pending = 0 WHERE pending = 1")
                    conn.execute("DELETE FROM placements")
                with conn.cursor() as cur:
                    cur.executemany(
                        f"INSERT INTO placements ({_PLACEMENT_COLUMNS}) VALUES "
                        "(%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s) "
                        f"ON CONFLICT (claim_id) DO UPDATE SET {_PLACEMENT_SET}",
                        [_placement_row(p) for p in placements],
                    )
                    done = sorted(set(documents))
                    if done:
                        cur.execute("UPDATE documents SET pending = 0 WHERE id = ANY(%s)", (done,))
                    cur.executemany(
                        "DELETE FROM situations WHERE id = %s", [(sid,) for sid in gone]
                    )
                    cur.executemany(
                        f"INSERT INTO situations ({_SITUATION}) VALUES "
                        f"(%s,%s,%s,%s,%s,%s,%s,%s,%s) ON CONFLICT (id) DO UPDATE SET "
                        f"{_SITUATION_SET}",
                        situation_rows,
                    )
                    cur.executemany(
                        "UPDATE claims SET status = %s, situation_id = %s, reasons = %s "
                        "WHERE id = %s",
                        verdict_rows,
                    )
                conn.execute(
                    "INSERT INTO meta VALUES ('policy', %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (policy_digest,),
                )
        except psycopg.Error as e:
            raise self.error(e, "store the assessment") from e


def _next_generation(conn: psycopg.Connection[Any], read: str | None) -> None:
    """Count saved assessments; refuse to save one computed from an older state than the
    ledger's (see assessments._next_generation)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    now = "0" if row is None else str(row[0])
    if read is not None and now != read:
        raise StaleAssessmentError(
            "another run saved an assessment while this one was made; it is made again"
        )
    conn.execute(
        "INSERT INTO meta VALUES ('generation', %s) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (str(int(now) + 1),),
    )
