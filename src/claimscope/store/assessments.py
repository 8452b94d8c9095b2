"""Situations and assessments of both stores (a part of SQLiteStore and PostgresStore): their
reads, the assessment's writes and their rows, written once; what differs between the two
databases is the store's sql.Dialect and its hooks (sql.SqlBase).

Statuses, reasons (structured, as JSON) and situation ids are written into the claims table's
assessment columns in one transaction per assessment, with parameterised statements only; the
claim's record, what the pipeline made, is never patched.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import closing
from datetime import UTC, date, datetime
from typing import Any

from ..errors import NotFoundError, StaleAssessmentError
from ..model import Assessment, Claim, Placement, Situation
from .base import VerdictRow, like_escape, verdict_row
from .rows import CLAIM_COLUMNS, claim_of_row
from .sql import Dialect, SqlBase

# The tables whose rows can be named by an id prefix (the only table names _by_prefix takes).
_BY_PREFIX = frozenset({"claims", "documents", "situations"})


def one_by_prefix(prefix: str, ids: list[str], noun: str, where: str) -> str:
    """Of ``ids`` (the first two, in order, that start with ``prefix``), the one ``prefix``
    names: itself, or the only one; NotFoundError naming ``noun`` and the ledger ``where``
    otherwise."""
    if prefix in ids or len(ids) == 1:
        return prefix if prefix in ids else ids[0]
    if not ids:
        raise NotFoundError(f"no {noun} {prefix!r} in {where}")
    raise NotFoundError(f"{noun} id {prefix!r} is ambiguous in {where}; give more digits")


class AssessmentStore(SqlBase):
    """Mixed into both stores; uses their ``path`` and the hooks of SqlBase."""

    path: str

    # ------------------------------------------------------------------ meta
    def meta(self, key: str) -> str | None:
        rows = self._rows(f"SELECT value FROM meta WHERE key = {self.dialect.mark}", (key,))
        return str(rows[0][0]) if rows else None

    # ------------------------------------------------------------------ reads
    def _claims(self, column: str, ids: Iterable[str], reasons: bool) -> list[Claim]:
        out: list[Claim] = []
        for cond, params in self.dialect.any_of(f"c.{column}", sorted(set(ids))):
            sql = f"SELECT {CLAIM_COLUMNS} FROM claims c WHERE {cond}"
            out.extend(claim_of_row(row, reasons) for row in self._rows(sql, params))
        return out

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
        out: list[tuple[str, str, str]] = []
        for cond, params in self.dialect.any_of("toward", sorted(set(claim_ids))):
            rows = self._rows(
                f"SELECT claim_id, toward, relation FROM stances WHERE {cond} "
                "ORDER BY toward, claim_id, relation",
                params,
            )
            out.extend(tuple(r) for r in rows)
        return sorted(out, key=lambda r: (r[1], r[0], r[2]))  # across the queries too

    def placements(self, doc_ids: Iterable[str] | None = None) -> Iterator[Placement]:
        """The stored placements of the claims of ``doc_ids`` (every one: None), each with the
        situation it is in."""
        sql = f"SELECT {_PLACEMENT}, c.situation_id FROM placements p JOIN claims c ON c.id = p.claim_id"
        if doc_ids is None:
            for row in self._rows(sql):
                yield _placement(row)
            return
        # Through the claims' index on doc_id: placements has none of its own.
        for cond, params in self.dialect.any_of("c.doc_id", sorted(set(doc_ids))):
            for row in self._rows(f"{sql} WHERE {cond}", params):
                yield _placement(row)

    def placement_starts(self) -> list[tuple[str, str]]:
        """(document id, the earliest start of its placements as an ISO date), every
        document with a placement: the order in which assessment reads them."""
        rows = self._rows("SELECT doc_id, MIN(start) FROM placements GROUP BY doc_id")
        return [(str(d), str(s)) for d, s in rows]

    def situations(self) -> list[Situation]:
        rows = self._rows(f"SELECT {_SITUATION} FROM situations ORDER BY start, id")
        return [_situation(r) for r in rows]

    def situation(self, situation_id: str) -> Situation:
        """The situation with this id, or with this unambiguous id prefix."""
        return _situation(self._row("situations", _SITUATION, situation_id, "situation"))

    def claim(self, claim_id: str) -> Claim:
        """The claim with this id, or with this unambiguous id prefix."""
        return claim_of_row(self._row("claims", CLAIM_COLUMNS, claim_id, "claim"))

    def resolve_doc_id(self, prefix: str) -> str:
        """A full document id from an unambiguous prefix (as git does with commit ids)."""
        return self._by_prefix("documents", prefix, "document")

    def _row(self, table: str, columns: str, prefix: str, noun: str) -> Any:
        """``columns`` of the row of ``table`` (as c) named by an id or an unambiguous prefix."""
        full = self._by_prefix(table, prefix, noun)
        m = self.dialect.mark
        rows = self._rows(f"SELECT {columns} FROM {table} c WHERE c.id = {m}", (full,))
        if not rows:  # removed since its id was resolved
            raise NotFoundError(f"no {noun} {prefix!r} in {self.path}")
        return rows[0]

    def _by_prefix(self, table: str, prefix: str, noun: str) -> str:
        """The full id of the row of ``table`` whose id is ``prefix`` or, failing that, the
        only one that starts with it (as git does with commit ids); raises NotFoundError,
        naming the ``noun``, when there is none or more than one."""
        if table not in _BY_PREFIX:
            raise ValueError(f"no id look-up in table {table!r}")
        # The dialect's LIKE folds ASCII letters on both databases, so that "F2EF" names what
        # "f2ef" does whatever the store (PostgreSQL's LIKE alone would not).
        rows = self._rows(
            f"SELECT id FROM {table} WHERE id {self.dialect.like} {self.dialect.mark} "
            "ESCAPE '\\' ORDER BY id LIMIT 2",
            (like_escape(prefix) + "%",),
        )
        return one_by_prefix(prefix, [r[0] for r in rows], noun, self.path)

    # ------------------------------------------------------------------ writes
    def save_placements(self, documents: Iterable[str], placements: Iterable[Placement]) -> None:
        """The placements of the claims of ``documents`` become ``placements`` (of those
        claims), in one transaction. A claim gone since it was read (its document written
        again meanwhile) gets none: that document is pending again."""
        d = self.dialect
        try:
            with self._txn():
                conn = self.conn
                self._lock_writes(conn)
                live: set[str] = set()
                with closing(conn.cursor()) as cur:
                    for cond, params in d.any_of("doc_id", sorted(set(documents))):
                        cur.execute(
                            "DELETE FROM placements WHERE claim_id IN "
                            f"(SELECT id FROM claims WHERE {cond})",
                            params,
                        )
                        cur.execute(f"SELECT id FROM claims WHERE {cond}", params)
                        live.update(r[0] for r in cur.fetchall())
                    cur.executemany(
                        d.upsert("placements", _PLACEMENT_COLUMNS, "claim_id"),
                        [_placement_row(p) for p in placements if p.id in live],
                    )
        except self.db_error as e:
            raise self.error(e, "store the placements") from e

    def save_assessment(
        self,
        situations: list[Situation],
        gone: Iterable[str],
        assessments: Iterable[Assessment | VerdictRow],
        policy_digest: str,
        full: bool,
        documents: Iterable[str] = (),
        generation: str | None = None,
    ) -> None:
        """Write situations and verdicts in one transaction; ``full`` replaces every situation
        and resets claims not judged. The claims' records are not touched: status, situation
        and reasons have columns of their own. The documents ``documents`` (all if ``full``)
        are no longer pending. See the Store protocol."""
        d = self.dialect
        now = datetime.now(UTC).isoformat(timespec="seconds")
        situation_rows = [
            (s.id, s.axis, s.title, s.actor, json.dumps(s.area), s.start, s.end, s.claims, now)
            for s in situations
        ]
        # Made as they are written: an assessment may hold more verdicts than memory would.
        verdict_rows = (a if isinstance(a, tuple) else verdict_row(a) for a in assessments)
        try:
            with self._txn():
                conn = self.conn
                self._lock_writes(conn)
                _next_generation(conn, d, generation)
                if full:
                    conn.execute("DELETE FROM situations")
                    # Only the rows that change: the others are not rewritten.
                    conn.execute(
                        "UPDATE claims SET status = 'not_assessed', situation_id = NULL, "
                        "reasons = '[]' WHERE status <> 'not_assessed' OR situation_id IS NOT "
                        "NULL OR reasons <> '[]'"
                    )
                    conn.execute("UPDATE documents SET pending = 0 WHERE pending = 1")
                with closing(conn.cursor()) as cur:
                    for cond, params in d.any_of("id", sorted(set(documents))):
                        cur.execute(f"UPDATE documents SET pending = 0 WHERE {cond}", params)
                    cur.executemany(
                        f"DELETE FROM situations WHERE id = {d.mark}", [(sid,) for sid in gone]
                    )
                    cur.executemany(d.upsert("situations", _SITUATION, "id"), situation_rows)
                    cur.executemany(
                        f"UPDATE claims SET status = {d.mark}, situation_id = {d.mark}, "
                        f"reasons = {d.mark} WHERE id = {d.mark}",
                        verdict_rows,
                    )
                conn.execute(
                    f"INSERT INTO meta VALUES ('policy', {d.mark}) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (policy_digest,),
                )
        except self.db_error as e:
            raise self.error(e, "store the assessment") from e


def _next_generation(conn: Any, d: Dialect, read: str | None) -> None:
    """Count saved assessments; refuse to save one computed from an older state than the
    ledger's (another run saved in between: its placements would be lost). ``read`` None:
    not checked."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
    now = "0" if row is None else str(row[0])
    if read is not None and now != read:
        raise StaleAssessmentError(
            "another run saved an assessment while this one was made; it is made again"
        )
    conn.execute(
        f"INSERT INTO meta VALUES ('generation', {d.mark}) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (str(int(now) + 1),),
    )


_SITUATION = 'id, axis, title, actor, area, start, "end", claims, updated_at'


def _situation(row: tuple[Any, ...]) -> Situation:
    sid, axis, title, actor, area, start, end, claims, updated_at = row
    return Situation(sid, axis, title, actor, json.loads(area), start, end, claims, updated_at)


_PLACEMENT_COLUMNS = (
    'claim_id, doc_id, pos, axis, direction, speculative, narration, actor, own_side, area, start, "end", '
    "groups"
)
_PLACEMENT = ", ".join(f"p.{c.strip()}" for c in _PLACEMENT_COLUMNS.split(","))


def _placement_row(p: Placement) -> tuple[Any, ...]:
    return (
        p.id,
        p.doc_id,
        p.pos,
        p.axis,
        p.direction,
        int(p.speculative),
        int(p.narration),
        p.actor,
        p.own_side,
        json.dumps(sorted(p.area)),
        p.start.isoformat(),
        p.end.isoformat(),
        json.dumps(sorted(p.groups), ensure_ascii=False),
    )


def _placement(row: tuple[Any, ...]) -> Placement:
    cid, doc, pos, axis, direction, spec, narr, actor, own, area, start, end, groups, sid = row
    return Placement(
        cid,
        doc,
        pos,
        axis,
        direction,
        bool(spec),
        bool(narr),
        actor,
        own,
        frozenset(json.loads(area)),
        date.fromisoformat(start),
        date.fromisoformat(end),
        frozenset(json.loads(groups)),
        sid,
    )
