"""How a claim is read back from an SQL row: the pipeline's record plus the assessment's
columns (shared by the SQLite store and its assessment half)."""

from __future__ import annotations

import json

from ..model import Claim
from ..reasons import from_json
from ..records import claim_from_record

# The columns a claim is read from: the pipeline's record, and the assessment's columns.
CLAIM_COLUMNS = "c.record, c.status, c.situation_id, c.reasons"


def claim_of_row(row: tuple[str, str, str | None, str], reasons: bool = True) -> Claim:
    """A claim from its stored record and its assessment columns; ``reasons=False`` leaves its
    reasons out (empty), for a reader that judges it again and would only throw them away."""
    record, status, situation_id, stored = row
    claim = claim_from_record(json.loads(record))
    claim.status, claim.situation_id = status, situation_id
    if reasons:
        claim.reasons = [from_json(r) for r in json.loads(stored)]
    return claim
