-- claimscope ledger schema, version 2 (PostgreSQL; see ../migrations/002_situations.sql):
-- situations, stances and assessment bookkeeping.

CREATE TABLE situations (
    id         TEXT COLLATE "C" PRIMARY KEY,
    axis       TEXT COLLATE "C" NOT NULL,   -- policy axis: posture, attacks, aid, ...
    title      TEXT NOT NULL,
    actor      TEXT,                        -- ISO 3166-1 alpha-2 of who acts, if known
    area       TEXT NOT NULL DEFAULT '[]',  -- JSON list of ISO countries
    start      TEXT COLLATE "C" NOT NULL,   -- window (ISO dates)
    "end"      TEXT COLLATE "C" NOT NULL,
    claims     INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
CREATE INDEX situations_axis ON situations(axis, start);

-- Stances of claims towards other claims (also inside claims.record), for the assessment to
-- find who doubts a claim without reading every record.
CREATE TABLE stances (
    claim_id TEXT COLLATE "C" NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    toward   TEXT COLLATE "C" NOT NULL,
    relation TEXT NOT NULL
);
CREATE INDEX stances_toward ON stances(toward);
CREATE INDEX stances_claim ON stances(claim_id);
INSERT INTO stances
    SELECT c.id, s.value ->> 'toward', s.value ->> 'relation'
    FROM claims c, jsonb_array_elements(coalesce(c.record::jsonb -> 'stances', '[]')) s;

-- Which policy the statuses were computed under (a different one re-assesses everything).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
