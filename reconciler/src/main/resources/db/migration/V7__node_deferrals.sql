-- trueup state store, schema version 7: changes a busy check defers, and changes that wait for a
-- maintenance window, per node.
--
-- Portable DDL only, as in V1 (PostgreSQL and H2 in MODE=PostgreSQL run it unchanged).

-- Written by every apply run for each node it observed. deferred_since is when a busy check first
-- held a change of the node back, kept while it keeps doing so and cleared once nothing is
-- deferred; serve looks at a deferred node on every poll and applies as soon as the check says
-- idle. deferral_told_at is when the deferral, older than the node's maxDefer, was raised as an
-- alert: once per deferral.
ALTER TABLE node_contacts ADD COLUMN deferred_since   TIMESTAMP WITH TIME ZONE;
ALTER TABLE node_contacts ADD COLUMN deferred_by      TEXT;
ALTER TABLE node_contacts ADD COLUMN deferral_told_at TIMESTAMP WITH TIME ZONE;

-- When the next maintenance window opens for the changes of the node that wait for one: serve
-- plans the node again once that time has come, and applies what waited.
ALTER TABLE node_contacts ADD COLUMN window_opens_at  TIMESTAMP WITH TIME ZONE;

-- Whether the node joined a fleet that had already been applied: true when a run first planned it
-- after some node had an applied revision. Such a node is "added" (its first changes are an
-- architecture change) until it is applied; one that was there from the fleet's first run is not,
-- even if it missed that run (away, or held by another replica's lock).
ALTER TABLE node_contacts ADD COLUMN joined_later BOOLEAN;
