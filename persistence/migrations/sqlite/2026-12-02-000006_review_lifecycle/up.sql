-- The review lifecycle: an open review closes (`cancelled`, with its reason) when its proposal leaves
-- review at its version; a decision's override reason gets a column of its own, for the hub only.

-- SQLite cannot alter a CHECK constraint: the table is rebuilt with `cancelled` allowed.
CREATE TABLE assignments_new (
    id                     TEXT PRIMARY KEY NOT NULL,
    proposal_id            TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    proposal_version       INTEGER NOT NULL,
    evaluator_id           TEXT NOT NULL REFERENCES users (id),
    assigned_by            TEXT REFERENCES users (id),
    due_at                 TIMESTAMP NOT NULL,
    state                  TEXT NOT NULL
        CHECK (state IN ('assigned', 'in_progress', 'submitted', 'declined', 'cancelled')),
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
    score_effectiveness_sustainability INTEGER CHECK (score_effectiveness_sustainability BETWEEN 0 AND 10),
    cancelled_reason       TEXT
        CHECK (cancelled_reason IN ('proposal_decided', 'proposal_withdrawn', 'revision_requested', 'new_version'))
);
INSERT INTO assignments_new (id, proposal_id, proposal_version, evaluator_id, assigned_by, due_at, state,
    conflict_confirmed_at, declined_reason, comments, overall_comment, confidential_comment, recommendation,
    submitted_at, reminder_sent_at, revision, created_at, updated_at, score_security_sovereignty,
    score_growth_development, score_talent_skills, score_effectiveness_sustainability)
SELECT id, proposal_id, proposal_version, evaluator_id, assigned_by, due_at, state,
    conflict_confirmed_at, declined_reason, comments, overall_comment, confidential_comment, recommendation,
    submitted_at, reminder_sent_at, revision, created_at, updated_at, score_security_sovereignty,
    score_growth_development, score_talent_skills, score_effectiveness_sustainability
FROM assignments;
DROP TABLE assignments;
ALTER TABLE assignments_new RENAME TO assignments;
CREATE UNIQUE INDEX assignments_proposal_evaluator_key ON assignments (proposal_id, proposal_version, evaluator_id);
CREATE INDEX assignments_evaluator_idx ON assignments (evaluator_id, id);
CREATE INDEX assignments_due_idx ON assignments (state, due_at);
CREATE INDEX assignments_ranking_idx ON assignments (proposal_id, proposal_version, state);

-- Open reviews of proposals no longer under review at their version close now.
UPDATE assignments SET
    state = 'cancelled',
    cancelled_reason = (SELECT CASE
        WHEN p.state IN ('accepted', 'rejected', 'promoted') THEN 'proposal_decided'
        WHEN p.state = 'withdrawn' THEN 'proposal_withdrawn'
        WHEN p.state = 'revision_requested' THEN 'revision_requested'
        ELSE 'new_version' END FROM proposals p WHERE p.id = assignments.proposal_id)
WHERE state IN ('assigned', 'in_progress')
  AND EXISTS (SELECT 1 FROM proposals p WHERE p.id = assignments.proposal_id
              AND (p.state <> 'under_review' OR p.version <> assignments.proposal_version));

ALTER TABLE proposal_history ADD COLUMN override_reason TEXT;
-- Decisions recorded before this column kept the reason in the note, after "\n\nOverride: ".
UPDATE proposal_history SET
    override_reason = trim(substr(note, instr(note, char(10) || char(10) || 'Override:') + 11)),
    note = rtrim(substr(note, 1, instr(note, char(10) || char(10) || 'Override:') - 1))
WHERE instr(note, char(10) || char(10) || 'Override:') > 0;
