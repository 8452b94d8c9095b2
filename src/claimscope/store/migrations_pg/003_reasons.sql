-- claimscope ledger schema, version 3 (PostgreSQL; see ../migrations/003_reasons.sql):
-- assessment results as data, in columns of their own beside the pipeline's record.

ALTER TABLE claims ADD COLUMN reasons TEXT NOT NULL DEFAULT '[]';  -- JSON list of reason objects

UPDATE claims SET reasons = coalesce((
    SELECT json_agg(json_build_object('kind', 'text', 'text', r.value))::text
    FROM jsonb_array_elements_text(coalesce(claims.record::jsonb -> 'reasons', '[]')) r
), '[]');
DELETE FROM meta WHERE key = 'policy';
