-- claimscope ledger schema, version 6 (PostgreSQL; see ../migrations/006_placements.sql): what
-- the assessment needs to place every claim again.

CREATE TABLE placements (
    claim_id    TEXT COLLATE "C" PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
    doc_id      TEXT COLLATE "C" NOT NULL,
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
);

DELETE FROM meta WHERE key = 'policy';
