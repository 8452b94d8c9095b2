-- claimscope ledger schema, version 1.
-- Applied by claimscope.store.sqlite inside one transaction; PRAGMA user_version records it.

CREATE TABLE documents (
    id               TEXT PRIMARY KEY,          -- content hash of the normalised text
    text             TEXT NOT NULL,
    lang             TEXT,
    date             TEXT,                      -- as given: 2022, 2022-02, 2022-02-15, ISO timestamp
    date_precision   TEXT,
    title            TEXT,
    source           TEXT,
    url              TEXT,
    origin           TEXT,
    sentences        TEXT NOT NULL DEFAULT '[]', -- JSON [[start, end, lang], ...]
    pipeline_version TEXT,
    analyzed_at      TEXT NOT NULL
);
CREATE INDEX documents_date ON documents(date);

CREATE TABLE mentions (
    doc_id    TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    text      TEXT NOT NULL,
    value     TEXT,                             -- JSON
    entity_id TEXT,
    source    TEXT
);
CREATE INDEX mentions_doc ON mentions(doc_id);
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE claims (
    id              TEXT PRIMARY KEY,
    doc_id          TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,           -- order within the document
    start           INTEGER NOT NULL,
    "end"           INTEGER NOT NULL,
    lang            TEXT,
    doc_date        TEXT,
    claimant        TEXT NOT NULL,
    claimant_entity TEXT,
    source_type     TEXT NOT NULL,
    mode            TEXT NOT NULL,
    event_type      TEXT NOT NULL,
    modality        TEXT NOT NULL,
    status          TEXT NOT NULL,
    situation_id    TEXT,
    text            TEXT NOT NULL,
    record          TEXT NOT NULL               -- the full JSON record (schema/claim.schema.json)
);
CREATE INDEX claims_doc ON claims(doc_id, seq);
CREATE INDEX claims_status ON claims(status);
CREATE INDEX claims_date ON claims(doc_date);
CREATE INDEX claims_situation ON claims(situation_id);

-- A dropped input records its reason; re-running the same bad input updates the row.
CREATE TABLE failures (
    origin TEXT NOT NULL,
    line   INTEGER NOT NULL DEFAULT -1,         -- -1: the whole file
    reason TEXT NOT NULL,
    at     TEXT NOT NULL,
    PRIMARY KEY (origin, line)
);

-- Full-text search (external content: the text is stored once, in documents/claims).
CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid');
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, coalesce(new.title, ''), new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.rowid, coalesce(old.title, ''), old.text);
END;

CREATE VIRTUAL TABLE claims_fts USING fts5(claimant, text, content='claims', content_rowid='rowid');
CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts(rowid, claimant, text) VALUES (new.rowid, new.claimant, new.text);
END;
CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, claimant, text)
    VALUES ('delete', old.rowid, old.claimant, old.text);
END;
CREATE TRIGGER claims_au AFTER UPDATE OF claimant, text ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, claimant, text)
    VALUES ('delete', old.rowid, old.claimant, old.text);
    INSERT INTO claims_fts(rowid, claimant, text) VALUES (new.rowid, new.claimant, new.text);
END;
