-- trueup state store, schema version 6: when each node was last reached, and last missed.
--
-- Portable DDL only, as in V1 (PostgreSQL and H2 in MODE=PostgreSQL run it unchanged).

-- Written by every apply run for each node it observed. A node missed after it was last seen
-- (unreachable, or its host key refused) is one serve tries again on its next poll, and applies
-- the revision it missed as soon as it answers; last_seen_at is what `trueup history --nodes`
-- and the API show as "last seen".
CREATE TABLE node_contacts (
    node           VARCHAR(200)             PRIMARY KEY,
    last_seen_at   TIMESTAMP WITH TIME ZONE,
    last_missed_at TIMESTAMP WITH TIME ZONE,
    missed_reason  TEXT
);
