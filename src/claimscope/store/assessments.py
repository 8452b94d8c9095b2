"""The SQLite side of reading situations and assessments (a part of :class:`SQLiteStore`), and
the rows of situations and placements both stores read and write. An assessment is saved by
sql.SqlStore.save_assessment, for both stores.

Statuses, reasons (structured, as JSON) and situation ids are written into the claims table's
assessment columns in one transaction per assessment, with parameterised statements only; the
claim's record, what the pipeline made, is never patched.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

from ..errors import NotFoundError, StoreError
from ..model import Claim, Placement, Situation
from .base import like_escape
from .rows import CLAIM_COLUMNS, claim_of_row

# The tables whose rows can be named by an id prefix (the only table names _by_prefix takes).
_BY_PREFIX = frozenset({"claims", "documents", "situations"})


def one_by_prefix(prefix: str, ids: list[str], noun: str, where: str) -> str:
    """Of ``ids`` (the first two, in order, that start with ``prefix``), the one ``prefix``
    names: itself, or the only one; NotFoundError naming ``noun`` and the ledger ``where``
    otherwise (both stores)."""
    if prefix in ids or len(ids) == 1:
        return prefix if prefix in ids else ids[0]
    if not ids:
        raise NotFoundError(f"no {noun} {prefix!r} in {where}")
    raise NotFoundError(f"{noun} id {prefix!r} is ambiguous in {where}; give more digits")


# Ids per IN (...) query: below SQLite's default limit on host parameters (32766).
CHUNK = 900


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


class AssessmentStore:
    """Mixed into SQLiteStore; uses its ``conn`` and ``path``."""

    path: str

    @property
    def conn(self) -> sqlite3.Connection:  # provided by SQLiteStore
        raise NotImplementedError

    def error(self, e: sqlite3.Error, doing: str) -> StoreError:  # provided by SQLiteStore
        raise NotImplementedError

    # ------------------------------------------------------------------ meta
    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    # ------------------------------------------------------------------ reads
    def _claims(self, column: str, ids: Iterable[str], reasons: bool) -> list[Claim]:
        out: list[Claim] = []
        for part in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(part))
            sql = f"SELECT {CLAIM_COLUMNS} FROM claims c WHERE c.{column} IN ({marks})"
            out.extend(claim_of_row(row, reasons) for row in self.conn.execute(sql, part))
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
        for part in _chunks(sorted(set(claim_ids))):
            marks = ",".join("?" * len(part))
            out.extend(
                self.conn.execute(
                    f"SELECT claim_id, toward, relation FROM stances WHERE toward IN ({marks}) "
                    "ORDER BY toward, claim_id, relation",
                    part,
                )
            )
        return sorted(out, key=lambda r: (r[1], r[0], r[2]))  # across the chunks too

    def placements(self) -> Iterator[Placement]:
        """Every stored claim's placement, with the situation it is in."""
        cur = self.conn.execute(
            f"SELECT {_PLACEMENT}, c.situation_id FROM placements p JOIN claims c ON c.id = p.claim_id"
        )
        for row in cur:
            yield _placement(row)

    def situations(self) -> list[Situation]:
        cur = self.conn.execute(f"SELECT {_SITUATION} FROM situations ORDER BY start, id")
        return [_situation(r) for r in cur]

    def situation(self, situation_id: str) -> Situation:
        """The situation with this id, or with this unambiguous id prefix."""
        sid = self._by_prefix("situations", situation_id, "situation")
        row = self.conn.execute(f"SELECT {_SITUATION} FROM situations WHERE id = ?", (sid,))
        return _situation(row.fetchone())

    def _by_prefix(self, table: str, prefix: str, noun: str) -> str:
        """The full id of the row of ``table`` whose id is ``prefix`` or, failing that, the
        only one that starts with it (as git does with commit ids); raises NotFoundError,
        naming the ``noun``, when there is none or more than one."""
        if table not in _BY_PREFIX:
            raise ValueError(f"no id look-up in table {table!r}")
        rows = self.conn.execute(
            f"SELECT id FROM {table} WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 2",
            (like_escape(prefix) + "%",),
        ).fetchall()
        return one_by_prefix(prefix, [r[0] for r in rows], noun, self.path)


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
