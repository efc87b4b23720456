-- The team's response to the reviews (issue 19): a challenge may let the team read the reviews of a
-- version, anonymised, once the challenge's minimum is in, and answer once within a term (response_days,
-- 3 to 30, default 7), with or without the reviews' scores. One window per version of a proposal: when it
-- opened, its term, whether the team read the scores, and the response.
ALTER TABLE challenges ADD COLUMN response_allowed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE challenges ADD COLUMN response_days INTEGER NOT NULL DEFAULT 7 CHECK (response_days BETWEEN 3 AND 30);
ALTER TABLE challenges ADD COLUMN response_scores BOOLEAN NOT NULL DEFAULT TRUE;
CREATE TABLE review_responses (
    proposal_id      TEXT NOT NULL REFERENCES proposals (id),
    proposal_version INTEGER NOT NULL,
    opened_at        TIMESTAMP NOT NULL,
    due_at           TIMESTAMP NOT NULL,
    with_scores      BOOLEAN NOT NULL,
    response         TEXT,
    answered_by      TEXT REFERENCES users (id),
    answered_at      TIMESTAMP,
    PRIMARY KEY (proposal_id, proposal_version),
    CHECK ((response IS NULL) = (answered_at IS NULL)),
    CHECK ((response IS NULL) = (answered_by IS NULL))
);
CREATE INDEX review_responses_answered_by_idx ON review_responses (answered_by);
