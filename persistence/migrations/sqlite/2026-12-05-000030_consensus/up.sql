-- Consensus (issue 19): a challenge says when its proposals need a consensus report before their decision
-- ('when_needed': the reviews diverge by 2 points or more on a pillar; 'always'). A hub manager designates
-- a rapporteur for one version of a proposal; the rapporteur drafts the agreed score and justification per
-- pillar (justifications: a JSON object by pillar key) and a comment to the team; the other evaluators of
-- that version concur or dissent on a revision of the draft; the final report is frozen and its scores
-- rank and decide.
ALTER TABLE challenges ADD COLUMN consensus TEXT NOT NULL DEFAULT 'when_needed'
    CHECK (consensus IN ('when_needed', 'always'));
CREATE TABLE consensus_reports (
    id                                 TEXT PRIMARY KEY,
    proposal_id                        TEXT NOT NULL REFERENCES proposals (id),
    proposal_version                   INTEGER NOT NULL,
    rapporteur_id                      TEXT NOT NULL REFERENCES users (id),
    designated_by                      TEXT NOT NULL REFERENCES users (id),
    state                              TEXT NOT NULL CHECK (state IN ('draft', 'final')),
    score_security_sovereignty         INTEGER CHECK (score_security_sovereignty BETWEEN 0 AND 10),
    score_growth_development           INTEGER CHECK (score_growth_development BETWEEN 0 AND 10),
    score_talent_skills                INTEGER CHECK (score_talent_skills BETWEEN 0 AND 10),
    score_effectiveness_sustainability INTEGER CHECK (score_effectiveness_sustainability BETWEEN 0 AND 10),
    justifications                     TEXT,
    comment                            TEXT,
    revision                           INTEGER NOT NULL,
    created_at                         TIMESTAMP NOT NULL,
    updated_at                         TIMESTAMP NOT NULL,
    finalised_at                       TIMESTAMP,
    finalised_by                       TEXT REFERENCES users (id),
    UNIQUE (proposal_id, proposal_version)
);
CREATE INDEX consensus_reports_rapporteur_idx ON consensus_reports (rapporteur_id);
CREATE TABLE consensus_positions (
    report_id    TEXT NOT NULL REFERENCES consensus_reports (id),
    evaluator_id TEXT NOT NULL REFERENCES users (id),
    stance       TEXT NOT NULL CHECK (stance IN ('concur', 'dissent')),
    note         TEXT,
    revision     INTEGER NOT NULL,
    at           TIMESTAMP NOT NULL,
    PRIMARY KEY (report_id, evaluator_id)
);
CREATE INDEX consensus_positions_evaluator_idx ON consensus_positions (evaluator_id);
