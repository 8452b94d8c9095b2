-- claimscope ledger schema, version 4: work left unfinished, and documents stored with a problem.
-- `pending` is set in the transaction that writes a document and cleared in the one that saves
-- its assessment, so a run killed in between leaves the mark and the next `analyze` finishes
-- the assessment (before, the document was "unchanged" and its claims stayed not_assessed).
-- Documents stored before this version are taken as assessed (0): `claimscope assess` redoes all.

ALTER TABLE documents ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX documents_pending ON documents(pending) WHERE pending = 1;

-- Why the analysis could make little of a stored document ("no date (use --date)"), or NULL.
ALTER TABLE documents ADD COLUMN problem TEXT;
