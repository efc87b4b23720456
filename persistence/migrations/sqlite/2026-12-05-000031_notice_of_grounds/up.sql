-- Notice of the grounds before a refusal (issue 19; L. 241/1990 art. 10-bis): a challenge says whether a
-- rejection after review needs one and the term for the team's observations (at least the law's 10 days).
-- Off by default (the article excludes competitive procedures) and on for the open call. One notice per
-- version of a proposal: the grounds, who gave them and when, the end of the term, the team's
-- observations (sent once, before it) and the rejection's reply to them.
ALTER TABLE challenges ADD COLUMN notice_of_grounds BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE challenges ADD COLUMN notice_days INTEGER NOT NULL DEFAULT 10 CHECK (notice_days BETWEEN 10 AND 60);
UPDATE challenges SET notice_of_grounds = 1 WHERE slug = 'open-call';
CREATE TABLE grounds_notices (
    proposal_id      TEXT NOT NULL REFERENCES proposals (id),
    proposal_version INTEGER NOT NULL,
    grounds          TEXT NOT NULL,
    notified_by      TEXT NOT NULL REFERENCES users (id),
    notified_at      TIMESTAMP NOT NULL,
    due_at           TIMESTAMP NOT NULL,
    observations     TEXT,
    observed_by      TEXT REFERENCES users (id),
    observed_at      TIMESTAMP,
    reply            TEXT,
    PRIMARY KEY (proposal_id, proposal_version),
    CHECK ((observations IS NULL) = (observed_at IS NULL))
);
CREATE INDEX grounds_notices_notified_by_idx ON grounds_notices (notified_by);
CREATE INDEX grounds_notices_observed_by_idx ON grounds_notices (observed_by);
