-- claimscope ledger schema, version 5: which run is analysing which document.
-- A run takes a lease on a document (its id, the digest of its text) in a small transaction of
-- its own before it analyses it; the transaction that stores the document drops the lease. Another
-- run that finds a document leased by a live process skips it and says so, so that two runs on
-- overlapping inputs analyse each document once. The lease of a process that is gone (kill -9),
-- or one older than the bound the run gives, is taken over. Leases are not part of the ledger's
-- content: no document row needs to exist for one.

CREATE TABLE leases (
    doc_id   TEXT PRIMARY KEY,
    owner    TEXT NOT NULL,      -- the run's token (one per analyze run)
    host     TEXT NOT NULL,      -- the machine of its process: a pid means something only there
    pid      INTEGER NOT NULL,
    taken_at REAL NOT NULL       -- Unix time, seconds
);
