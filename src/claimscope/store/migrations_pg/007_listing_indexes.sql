-- claimscope ledger schema, version 7 (PostgreSQL; see ../migrations/007_listing_indexes.sql):
-- indexes for the web ledger's listings and facet counts.

CREATE INDEX claims_order ON claims((coalesce(doc_date, '')), doc_id, seq);
CREATE INDEX claims_source_type ON claims(source_type);
CREATE INDEX claims_lang ON claims(lang);
CREATE INDEX claims_event_type ON claims(event_type);
CREATE INDEX claims_claimant ON claims(claimant);
CREATE INDEX claims_facets ON claims(status, source_type, lang, event_type, claimant);
DROP INDEX claims_status;
