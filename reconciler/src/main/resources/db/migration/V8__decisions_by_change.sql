-- trueup state store, schema version 8: decisions found by their change.
--
-- Portable DDL only, as in V1 (PostgreSQL and H2 in MODE=PostgreSQL run it unchanged).

-- The approvals page and GET /api/v1/approvals show each held change as the newest plan that
-- decided it showed it: one lookup per pending approval.
CREATE INDEX decisions_change_key ON decisions (change_key);
