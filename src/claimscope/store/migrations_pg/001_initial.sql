-- claimscope ledger schema, version 1 (PostgreSQL). Same tables, columns and meaning as
-- ../migrations/001_initial.sql; applied by claimscope.store.postgres inside one transaction,
-- and the row of claimscope_schema records it (SQLite's PRAGMA user_version).
-- Text columns that are ordered or compared collate "C" (byte order, as SQLite's BINARY), so
-- that listings come out in the same order as from an SQLite ledger whatever the database's
-- locale. Full-text search: a tsvector column kept by PostgreSQL itself (SQLite: FTS5 tables
-- and triggers); see claimscope.store.postgres_claims for why the 'simple' configuration.

CREATE TABLE documents (
    id               TEXT COLLATE "C" PRIMARY KEY,  -- content hash of the normalised text
    text             TEXT NOT NULL,
    lang             TEXT COLLATE "C",
    date             TEXT COLLATE "C",           -- as given: 2022, 2022-02, 2022-02-15, ISO timestamp
    date_precision   TEXT,
    title            TEXT,
    source           TEXT,
    url              TEXT,
    origin           TEXT,
    sentences        TEXT NOT NULL DEFAULT '[]',  -- JSON [[start, end, lang], ...]
    pipeline_version TEXT,
    analyzed_at      TEXT NOT NULL,
    fts              tsvector GENERATED ALWAYS AS
                     (to_tsvector('simple', coalesce(title, '') || ' ' || text)) STORED
);
CREATE INDEX documents_date ON documents(date);
CREATE INDEX documents_fts ON documents USING gin (fts);

CREATE TABLE mentions (
    doc_id    TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    text      TEXT NOT NULL,
    value     TEXT,                              -- JSON
    entity_id TEXT,
    source    TEXT,
    seq       INTEGER NOT NULL                   -- its place in the document's mentions: the
                                                 -- order of SQLite's rowid, which breaks ties
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE claims (
    id              TEXT COLLATE "C" PRIMARY KEY,
    doc_id          TEXT COLLATE "C" NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,            -- order within the document
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    lang            TEXT COLLATE "C",
    doc_date        TEXT COLLATE "C",
    claimant        TEXT COLLATE "C" NOT NULL,
    claimant_entity TEXT,
    source_type     TEXT COLLATE "C" NOT NULL,
    mode            TEXT NOT NULL,
    event_type      TEXT COLLATE "C" NOT NULL,
    modality        TEXT NOT NULL,
    status          TEXT COLLATE "C" NOT NULL,
    situation_id    TEXT COLLATE "C",
    text            TEXT NOT NULL,
    record          TEXT NOT NULL,               -- the full JSON record (schema/claim.schema.json)
    fts             tsvector GENERATED ALWAYS AS
                    (to_tsvector('simple', claimant || ' ' || text)) STORED
);
CREATE INDEX claims_doc ON claims(doc_id, seq);
CREATE INDEX claims_status ON claims(status);
CREATE INDEX claims_date ON claims(doc_date);
CREATE INDEX claims_situation ON claims(situation_id);
CREATE INDEX claims_fts ON claims USING gin (fts);

-- A dropped input records its reason; re-running the same bad input updates the row.
CREATE TABLE failures (
    origin TEXT COLLATE "C" NOT NULL,
    line   INTEGER NOT NULL DEFAULT -1,          -- -1: the whole file
    reason TEXT NOT NULL,
    at     TEXT NOT NULL,
    PRIMARY KEY (origin, line)
);
