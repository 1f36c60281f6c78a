-- trueup state store, schema version 4: what each node's resources were when a run left them.
--
-- Portable DDL only, as in V1 (PostgreSQL and H2 in MODE=PostgreSQL run it unchanged).

-- One row per resource of a node: the fingerprint of the desired resource (ChangeKey's) that the
-- node was last known to carry, because an apply wrote it or found it already so. Live drift is a
-- change whose desired fingerprint equals this row's: the node moved, not the repository. Rows of
-- resources an apply deleted are removed. A node trueup adopted without writing anything is
-- covered from its first apply on, and no window of recent outcomes can forget an old resource.
CREATE TABLE converged_resources (
    node        VARCHAR(200)             NOT NULL,
    kind        VARCHAR(40)              NOT NULL,
    resource_id VARCHAR(600)             NOT NULL,
    fingerprint VARCHAR(40)              NOT NULL,
    run_id      BIGINT                   NOT NULL REFERENCES runs (id),
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (node, kind, resource_id)
);
