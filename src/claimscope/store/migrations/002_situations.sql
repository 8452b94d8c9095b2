-- claimscope ledger schema, version 2: situations, stances and assessment bookkeeping.

CREATE TABLE situations (
    id         TEXT PRIMARY KEY,
    axis       TEXT NOT NULL,               -- policy axis: posture, attacks, aid, ...
    title      TEXT NOT NULL,
    actor      TEXT,                        -- ISO 3166-1 alpha-2 of who acts, if known
    area       TEXT NOT NULL DEFAULT '[]',  -- JSON list of ISO countries
    start      TEXT NOT NULL,               -- window (ISO dates)
    "end"      TEXT NOT NULL,
    claims     INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
CREATE INDEX situations_axis ON situations(axis, start);

-- Stances of claims towards other claims (also inside claims.record), for the assessment to
-- find who doubts a claim without reading every record.
CREATE TABLE stances (
    claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    toward   TEXT NOT NULL,
    relation TEXT NOT NULL
);
CREATE INDEX stances_toward ON stances(toward);
CREATE INDEX stances_claim ON stances(claim_id);
INSERT INTO stances
    SELECT c.id, json_extract(s.value, '$.toward'), json_extract(s.value, '$.relation')
    FROM claims c, json_each(c.record, '$.stances') s;

-- Which policy the statuses were computed under (a different one re-assesses everything).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
