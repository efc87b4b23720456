-- Annexes (issue 20): the files a challenge asks proposals for. A challenge's rules are one JSON list
-- (key, name, required, types, max_bytes, max_count, max_pages), replaced whole when edited.
ALTER TABLE challenges ADD COLUMN annex_rules TEXT NOT NULL DEFAULT '[]';

-- The stored objects, content-addressed: one row per distinct SHA-256, written in the transaction of the
-- first annex that names it after the object was written, and deleted (with the object) only when no
-- annex names it any more. Its row is the lock that orders an upload against a deletion of the same bytes.
CREATE TABLE annex_objects (
    sha256     TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    size       BIGINT NOT NULL CHECK (size > 0),
    created_at TIMESTAMP NOT NULL
);

-- A proposal's annexes: version 0 is the working copy its team prepares; submitting copies it as the
-- submitted version's, which never change.
CREATE TABLE annexes (
    id          TEXT PRIMARY KEY,
    proposal_id TEXT NOT NULL REFERENCES proposals (id),
    version     INTEGER NOT NULL CHECK (version >= 0),
    rule_key    TEXT NOT NULL,
    filename    TEXT NOT NULL,
    kind        TEXT NOT NULL,
    size        BIGINT NOT NULL CHECK (size > 0),
    sha256      TEXT NOT NULL REFERENCES annex_objects (sha256),
    pages       INTEGER,
    uploaded_by TEXT NOT NULL REFERENCES users (id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX annexes_proposal_idx ON annexes (proposal_id, version, rule_key);
CREATE INDEX annexes_sha256_idx ON annexes (sha256);
