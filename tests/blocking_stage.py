"""A stage that blocks inside C code, for the tests of the time limit in worker processes.

Imported by a test and, through the stage's module, by each worker process (a spawned worker
does not see stages registered in its parent). A document holding ``BLOCK_WORD`` runs an SQLite
query that never ends: SQLite runs it in C, so the worker's timer signal waits for it forever,
as it would for any C library stuck in a loop.
"""

from __future__ import annotations

import sqlite3

from claimscope.model import Document
from claimscope.registry import register, registered_so_far
from claimscope.resources import Resources

NAME = "block_in_c.v1"
BLOCK_WORD = "vastgelopen"
# Counts up for ever looking for a number below zero; sqlite3 never lets Python run meanwhile.
ENDLESS = (
    "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
    "SELECT x FROM n WHERE x < 0 LIMIT 1"
)


def block_in_c(doc: Document, resources: Resources) -> None:
    if BLOCK_WORD in doc.text:
        sqlite3.connect(":memory:").execute(ENDLESS).fetchall()


def ensure_registered() -> None:
    if NAME not in registered_so_far():
        register(NAME, requires=["text"], assigns=["sentences"])(block_in_c)


ensure_registered()
