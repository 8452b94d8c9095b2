"""The SQLite side of situations and assessments (a part of :class:`SQLiteStore`).

Statuses, reasons and situation ids are written into the claims table and into each claim's
JSON record in one transaction per assessment, with parameterised statements only.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import NotFoundError, StoreError
from .base import like_escape

# Ids per IN (...) query: below SQLite's default limit on host parameters (32766).
CHUNK = 900


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


class AssessmentStore:
    """Mixed into SQLiteStore; uses its ``conn``, ``path`` and ``_txn``."""

    conn: sqlite3.Connection
    path: str

    def _txn(self) -> Any: ...  # provided by SQLiteStore

    # ------------------------------------------------------------------ meta
    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    # ------------------------------------------------------------------ reads
    def _records(self, sql: str, ids: list[str]) -> list[dict[str, Any]]:
        out = []
        for part in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(part))
            for (rec,) in self.conn.execute(sql.format(marks=marks), part):
                out.append(json.loads(rec))
        return out

    def records_of_documents(self, doc_ids: Iterable[str]) -> list[dict[str, Any]]:
        return self._records("SELECT record FROM claims WHERE doc_id IN ({marks})", list(doc_ids))

    def records_of_situations(self, situation_ids: Iterable[str]) -> list[dict[str, Any]]:
        return self._records(
            "SELECT record FROM claims WHERE situation_id IN ({marks})", list(situation_ids)
        )

    def records_by_id(self, claim_ids: Iterable[str]) -> list[dict[str, Any]]:
        return self._records("SELECT record FROM claims WHERE id IN ({marks})", list(claim_ids))

    def all_records(self) -> Iterator[dict[str, Any]]:
        for (rec,) in self.conn.execute("SELECT record FROM claims ORDER BY doc_date, doc_id, seq"):
            yield json.loads(rec)

    def stances_toward(self, claim_ids: Iterable[str]) -> list[tuple[str, str, str]]:
        """(holder claim id, target claim id, relation) of the stances towards ``claim_ids``."""
        out = []
        for part in _chunks(sorted(set(claim_ids))):
            marks = ",".join("?" * len(part))
            out.extend(
                self.conn.execute(
                    f"SELECT claim_id, toward, relation FROM stances WHERE toward IN ({marks})",
                    part,
                )
            )
        return out

    def situation_rows(self) -> list[dict[str, Any]]:
        cur = self.conn.execute(
            'SELECT id, axis, title, actor, area, start, "end", claims, updated_at '
            "FROM situations ORDER BY start, id"
        )
        return [_situation(r) for r in cur]

    def situation_row(self, prefix: str) -> dict[str, Any]:
        """The situation with this id, or with this unambiguous id prefix."""
        rows = self.conn.execute(
            'SELECT id, axis, title, actor, area, start, "end", claims, updated_at '
            "FROM situations WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT 2",
            (like_escape(prefix) + "%",),
        ).fetchall()
        exact = [r for r in rows if r[0] == prefix]
        if exact or len(rows) == 1:
            return _situation((exact or rows)[0])
        if not rows:
            raise NotFoundError(f"no situation {prefix!r} in {self.path}")
        raise NotFoundError(
            f"situation id {prefix!r} is ambiguous in {self.path}; give more digits"
        )

    # ------------------------------------------------------------------ writes
    def save_assessment(
        self,
        situations: list[dict[str, Any]],
        gone: Iterable[str],
        verdicts: list[tuple[str, str, str | None, list[str]]],
        policy_digest: str,
        full: bool,
        now: str,
    ) -> None:
        """Write situations and the (claim id, status, situation id, reasons) verdicts in one
        transaction; ``full`` replaces every situation and resets claims not judged."""
        try:
            with self._txn() as conn:
                if full:
                    conn.execute("DELETE FROM situations")
                    conn.execute(
                        "UPDATE claims SET status = 'not_assessed', situation_id = NULL, "
                        "record = json_set(record, '$.status', 'not_assessed', "
                        "'$.situation_id', NULL, '$.reasons', json('[]'))"
                    )
                for sid in gone:
                    conn.execute("DELETE FROM situations WHERE id = ?", (sid,))
                conn.executemany(
                    'INSERT OR REPLACE INTO situations (id, axis, title, actor, area, start, "end", '
                    "claims, updated_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            s["id"],
                            s["axis"],
                            s["title"],
                            s["actor"],
                            json.dumps(s["area"]),
                            s["start"],
                            s["end"],
                            s["claims"],
                            now,
                        )
                        for s in situations
                    ],
                )
                conn.executemany(
                    "UPDATE claims SET status = ?, situation_id = ?, record = json_set(record, "
                    "'$.status', ?, '$.situation_id', ?, '$.reasons', json(?)) WHERE id = ?",
                    [
                        (status, sid, status, sid, json.dumps(reasons, ensure_ascii=False), cid)
                        for cid, status, sid, reasons in verdicts
                    ],
                )
                conn.execute(
                    "INSERT INTO meta VALUES ('policy', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (policy_digest,),
                )
        except sqlite3.Error as e:
            raise StoreError(f"{self.path}: could not store the assessment: {e}") from e


def _situation(row: tuple) -> dict[str, Any]:
    keys = ("id", "axis", "title", "actor", "area", "start", "end", "claims", "updated_at")
    out = dict(zip(keys, row, strict=True))
    out["area"] = json.loads(out["area"])
    return out
