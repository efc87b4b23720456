UPDATE proposal_history SET note = coalesce(note, '') || char(10) || char(10) || 'Override: ' || override_reason
WHERE override_reason IS NOT NULL;
ALTER TABLE proposal_history DROP COLUMN override_reason;

CREATE TABLE assignments_old (
    id                     TEXT PRIMARY KEY NOT NULL,
    proposal_id            TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    proposal_version       INTEGER NOT NULL,
    evaluator_id           TEXT NOT NULL REFERENCES users (id),
    assigned_by            TEXT REFERENCES users (id),
    due_at                 TIMESTAMP NOT NULL,
    state                  TEXT NOT NULL CHECK (state IN ('assigned', 'in_progress', 'submitted', 'declined')),
    conflict_confirmed_at  TIMESTAMP,
    declined_reason        TEXT,
    comments               TEXT NOT NULL,
    overall_comment        TEXT,
    confidential_comment   TEXT,
    recommendation         TEXT CHECK (recommendation IN ('accept', 'reject', 'revise')),
    submitted_at           TIMESTAMP,
    reminder_sent_at       TIMESTAMP,
    revision               INTEGER NOT NULL,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL,
    score_security_sovereignty INTEGER CHECK (score_security_sovereignty BETWEEN 0 AND 10),
    score_growth_development INTEGER CHECK (score_growth_development BETWEEN 0 AND 10),
    score_talent_skills INTEGER CHECK (score_talent_skills BETWEEN 0 AND 10),
    score_effectiveness_sustainability INTEGER CHECK (score_effectiveness_sustainability BETWEEN 0 AND 10)
);
-- A cancelled review had stopped: it goes back as declined, with its reason.
INSERT INTO assignments_old
SELECT id, proposal_id, proposal_version, evaluator_id, assigned_by, due_at,
    CASE state WHEN 'cancelled' THEN 'declined' ELSE state END,
    conflict_confirmed_at, coalesce(declined_reason, cancelled_reason), comments, overall_comment,
    confidential_comment, recommendation, submitted_at, reminder_sent_at, revision, created_at, updated_at,
    score_security_sovereignty, score_growth_development, score_talent_skills, score_effectiveness_sustainability
FROM assignments;
DROP TABLE assignments;
ALTER TABLE assignments_old RENAME TO assignments;
CREATE UNIQUE INDEX assignments_proposal_evaluator_key ON assignments (proposal_id, proposal_version, evaluator_id);
CREATE INDEX assignments_evaluator_idx ON assignments (evaluator_id, id);
CREATE INDEX assignments_due_idx ON assignments (state, due_at);
CREATE INDEX assignments_ranking_idx ON assignments (proposal_id, proposal_version, state);
