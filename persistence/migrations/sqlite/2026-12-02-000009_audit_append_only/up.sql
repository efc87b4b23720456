-- The audit chain's head: its last entry and a MAC over it with the audit key (HUB_AUDIT_KEY), which
-- the database never holds. Written in the same transaction as every entry, so that removing the
-- last entries is caught. `unkeyed_until` is the last entry written before the chain was keyed (its
-- hash is the unkeyed SHA-256 of the first migration); the first keyed entry seals that prefix.
CREATE TABLE audit_head (
    id             INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    seq            BIGINT NOT NULL,
    hash           TEXT NOT NULL,
    unkeyed_until  BIGINT NOT NULL,
    key_id         TEXT NOT NULL,
    mac            TEXT NOT NULL
);

-- Not sealed yet (no key_id, no MAC): the hub seals it with its key when it next opens the database.
-- The entries written so far are the unkeyed prefix.
INSERT INTO audit_head (id, seq, hash, unkeyed_until, key_id, mac)
SELECT 1, COALESCE(MAX(seq), 0),
       COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1),
                '0000000000000000000000000000000000000000000000000000000000000000'),
       COALESCE(MAX(seq), 0), '', ''
FROM audit_log;

-- Append-only: the hub never changes or removes an entry.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: UPDATE refused');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: DELETE refused');
END;
CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
    SELECT RAISE(ABORT, 'audit_head is append-only: DELETE refused');
END;
