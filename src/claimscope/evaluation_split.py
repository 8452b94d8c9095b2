"""Which documents of the public corpora are held out from mining and tuning.

The rule is a hash of the document's id (a file name without ``.txt``), so it needs no list
and never changes when documents are added: a document is held out when the first 32 bits of
SHA-256 of ``SALT + id``, read as an integer, fall in the lowest ``HELD_OUT_PERCENT`` of 100
buckets. Mining (scripts/mine_cues.py) reads only the documents this module says are not held
out; the held-out part is scored once, at the end (scripts/holdout.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

SALT = "claimscope-holdout-v1:"
HELD_OUT_PERCENT = 20


def doc_id(name: str | Path) -> str:
    """The id of a document given as a path or file name: its name without ``.txt``."""
    base = Path(name).name
    return base[:-4] if base.endswith(".txt") else base


def is_held_out(name: str | Path) -> bool:
    digest = hashlib.sha256((SALT + doc_id(name)).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < HELD_OUT_PERCENT


def split(names: Iterable[str | Path]) -> tuple[list[str], list[str]]:
    """(kept for mining, held out), each sorted by id."""
    keep: list[str] = []
    held: list[str] = []
    for n in names:
        (held if is_held_out(n) else keep).append(doc_id(n))
    return sorted(keep), sorted(held)
