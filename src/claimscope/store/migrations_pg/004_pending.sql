-- claimscope ledger schema, version 4 (PostgreSQL; see ../migrations/004_pending.sql): work
-- left unfinished (`pending`, set when a document is written and cleared when its assessment
-- is saved), and documents stored with a problem.

ALTER TABLE documents ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX documents_pending ON documents(pending) WHERE pending = 1;

ALTER TABLE documents ADD COLUMN problem TEXT;
