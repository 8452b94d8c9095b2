-- claimscope ledger schema, version 3: assessment results as data.
-- A claim's `record` is now what the pipeline made and is never patched; status, situation and
-- the reasons (structured items: kind, the full ids of the claims involved, weights, policy
-- rule) live in columns of their own, and readers put them together.

ALTER TABLE claims ADD COLUMN reasons TEXT NOT NULL DEFAULT '[]';  -- JSON list of reason objects

-- Reasons stored before this version exist only as sentences inside `record`: they are kept as
-- reasons of kind "text", and forgetting the policy the ledger was assessed under makes the next
-- `analyze` or `assess` judge it again, with structured reasons.
UPDATE claims SET reasons = (
    SELECT json_group_array(json_object('kind', 'text', 'text', r.value))
    FROM json_each(claims.record, '$.reasons') r
);
DELETE FROM meta WHERE key = 'policy';
