-- Evaluation: the versioned four-pillar rubric, evaluators' expertise, and assignments with their
-- review (one review per assignment).

ALTER TABLE users ADD COLUMN expertise TEXT NOT NULL DEFAULT '[]';

CREATE TABLE rubric_pillars (
    version         TEXT NOT NULL,
    key             TEXT NOT NULL,
    position        INTEGER NOT NULL,
    name_it         TEXT NOT NULL,
    name_en         TEXT NOT NULL,
    description_it  TEXT NOT NULL,
    description_en  TEXT NOT NULL,
    -- JSON: [{"score": 0, "it": "…", "en": "…"}, …] for every whole level 0–5.
    levels          TEXT NOT NULL,
    PRIMARY KEY (version, key)
);

CREATE TABLE assignments (
    id                     TEXT PRIMARY KEY NOT NULL,
    proposal_id            TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    proposal_version       INTEGER NOT NULL,
    evaluator_id           TEXT NOT NULL REFERENCES users (id),
    assigned_by            TEXT REFERENCES users (id),
    due_at                 TIMESTAMP NOT NULL,
    state                  TEXT NOT NULL CHECK (state IN ('assigned', 'in_progress', 'submitted', 'declined')),
    conflict_confirmed_at  TIMESTAMP,
    declined_reason        TEXT,
    -- Per pillar, in pillar order: half points (0..10) or null while drafting.
    scores                 TEXT NOT NULL,
    -- JSON object: pillar key → comment to the proposer.
    comments               TEXT NOT NULL,
    overall_comment        TEXT,
    confidential_comment   TEXT,
    recommendation         TEXT CHECK (recommendation IN ('accept', 'reject', 'revise')),
    submitted_at           TIMESTAMP,
    reminder_sent_at       TIMESTAMP,
    revision               INTEGER NOT NULL,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX assignments_proposal_evaluator_key ON assignments (proposal_id, proposal_version, evaluator_id);
CREATE INDEX assignments_evaluator_idx ON assignments (evaluator_id, id);
CREATE INDEX assignments_due_idx ON assignments (state, due_at);
