-- claimscope ledger schema, version 5 (PostgreSQL; see ../migrations/005_leases.sql): which run
-- is analysing which document.

CREATE TABLE leases (
    doc_id   TEXT COLLATE "C" PRIMARY KEY,
    owner    TEXT NOT NULL,      -- the run's token (one per analyze run)
    host     TEXT NOT NULL,      -- the machine of its process: a pid means something only there
    pid      INTEGER NOT NULL,
    taken_at DOUBLE PRECISION NOT NULL  -- Unix time, seconds
);
