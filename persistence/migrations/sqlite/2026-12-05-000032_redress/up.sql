-- Redress (issue 19): within a challenge's term after a rejection (redress_days, 10 to 90, default 30) the
-- team may ask, once per decision, for a review on procedural grounds; a hub manager other than the one who
-- decided rejects the request with a reason or upholds it and reopens the evaluation as a new version.
ALTER TABLE challenges ADD COLUMN redress_days INTEGER NOT NULL DEFAULT 30 CHECK (redress_days BETWEEN 10 AND 90);
CREATE TABLE redress_requests (
    proposal_id      TEXT NOT NULL REFERENCES proposals (id),
    proposal_version INTEGER NOT NULL,
    statement        TEXT NOT NULL,
    filed_by         TEXT NOT NULL REFERENCES users (id),
    filed_at         TIMESTAMP NOT NULL,
    decided_by       TEXT REFERENCES users (id),
    decided_at       TIMESTAMP NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('pending', 'rejected', 'upheld')),
    handled_by       TEXT REFERENCES users (id),
    handled_at       TIMESTAMP,
    reason           TEXT,
    PRIMARY KEY (proposal_id, proposal_version),
    CHECK ((state = 'pending') = (handled_at IS NULL))
);
CREATE INDEX redress_requests_state_idx ON redress_requests (state);
CREATE INDEX redress_requests_filed_by_idx ON redress_requests (filed_by);
CREATE INDEX redress_requests_handled_by_idx ON redress_requests (handled_by);
CREATE INDEX redress_requests_decided_by_idx ON redress_requests (decided_by);
