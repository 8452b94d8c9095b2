-- claimscope ledger schema, version 6: what the assessment needs to place every claim again.
-- Situations are made greedily in time order; placing only a new batch into the stored
-- situations made two batches end differently from one run. The assessment now places the
-- whole ledger each time from these small rows (not the claims' records) and judges only the
-- situations whose members changed. Forgetting the policy makes the next run rebuild (and fill
-- this table).

CREATE TABLE placements (
    claim_id    TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
    doc_id      TEXT NOT NULL,
    pos         INTEGER NOT NULL,       -- where the claim starts in its document
    axis        TEXT NOT NULL,
    direction   INTEGER NOT NULL,
    speculative INTEGER NOT NULL,
    narration   INTEGER NOT NULL,
    actor       TEXT,                   -- ISO country of who acts
    own_side    TEXT,                   -- a party's country, for a statement naming no actor
    area        TEXT NOT NULL,          -- JSON list of ISO countries
    start       TEXT NOT NULL,          -- window (ISO dates; 0001-01-01..9999-12-31 undated)
    "end"       TEXT NOT NULL,
    groups      TEXT NOT NULL           -- JSON list of source groups
) WITHOUT ROWID;

DELETE FROM meta WHERE key = 'policy';
