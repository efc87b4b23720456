-- The funnel: challenges posted by administrations, proposals answering them, their history and
-- submitted versions, and idempotency keys of creating requests.

CREATE TABLE challenges (
    id                 TEXT PRIMARY KEY NOT NULL,
    slug               TEXT NOT NULL,
    title_it           TEXT NOT NULL,
    title_en           TEXT,
    description_it     TEXT NOT NULL,
    description_en     TEXT,
    sponsor_id         TEXT NOT NULL REFERENCES organizations (id),
    opens_at           TIMESTAMP NOT NULL,
    closes_at          TIMESTAMP,
    state              TEXT NOT NULL CHECK (state IN ('draft', 'open', 'closed', 'archived')),
    -- Per pillar, in pillar order: weights (sum 100) and thresholds in half points (0..10).
    weights            TEXT NOT NULL,
    thresholds         TEXT NOT NULL,
    overall_threshold  INTEGER NOT NULL,
    min_reviews        INTEGER NOT NULL,
    revision           INTEGER NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX challenges_slug_key ON challenges (slug);
CREATE INDEX challenges_state_idx ON challenges (state, id);

CREATE TABLE challenge_tags (
    challenge_id  TEXT NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    tag           TEXT NOT NULL,
    PRIMARY KEY (challenge_id, tag)
);
CREATE INDEX challenge_tags_tag_idx ON challenge_tags (tag, challenge_id);

CREATE TABLE proposals (
    id               TEXT PRIMARY KEY NOT NULL,
    challenge_id     TEXT NOT NULL REFERENCES challenges (id),
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    created_by       TEXT NOT NULL REFERENCES users (id),
    title            TEXT NOT NULL,
    summary          TEXT,
    description      TEXT,
    trl              INTEGER,
    budget_cents     BIGINT,
    self_assessment  TEXT NOT NULL,
    state            TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'under_review', 'revision_requested',
                                                    'accepted', 'rejected', 'withdrawn', 'promoted')),
    version          INTEGER NOT NULL,
    revision         INTEGER NOT NULL,
    submitted_at     TIMESTAMP,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX proposals_organization_idx ON proposals (organization_id, id);
CREATE INDEX proposals_challenge_idx ON proposals (challenge_id, id);
CREATE INDEX proposals_state_idx ON proposals (state, id);

CREATE TABLE proposal_tags (
    proposal_id  TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    tag          TEXT NOT NULL,
    PRIMARY KEY (proposal_id, tag)
);
CREATE INDEX proposal_tags_tag_idx ON proposal_tags (tag, proposal_id);

CREATE TABLE proposal_team (
    proposal_id  TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (proposal_id, user_id)
);
CREATE INDEX proposal_team_user_idx ON proposal_team (user_id);

CREATE TABLE proposal_history (
    id           TEXT PRIMARY KEY NOT NULL,
    proposal_id  TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    actor_id     TEXT REFERENCES users (id),
    action       TEXT NOT NULL,
    from_state   TEXT,
    to_state     TEXT NOT NULL,
    note         TEXT,
    version      INTEGER NOT NULL,
    occurred_at  TIMESTAMP NOT NULL
);
CREATE INDEX proposal_history_proposal_idx ON proposal_history (proposal_id, id);

-- The content of each submitted version, as it was submitted.
CREATE TABLE proposal_versions (
    proposal_id   TEXT NOT NULL REFERENCES proposals (id) ON DELETE CASCADE,
    version       INTEGER NOT NULL,
    snapshot      TEXT NOT NULL,
    submitted_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, version)
);

CREATE TABLE idempotency_keys (
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key           TEXT NOT NULL,
    operation     TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- The permanent open call: proposals that answer no specific challenge. Always open.
INSERT INTO challenges (id, slug, title_it, title_en, description_it, description_en, sponsor_id, opens_at, closes_at,
                        state, weights, thresholds, overall_threshold, min_reviews, revision, created_at, updated_at)
VALUES ('01900000-0000-7000-8000-000000000002', 'open-call',
        'Call aperta dell''Innovation Hub', 'Innovation Hub open call',
        'Proposte di innovazione per la pubblica amministrazione che non rispondono a una sfida specifica. La call resta sempre aperta.',
        'Innovation proposals for the public administration that answer no specific challenge. The call is always open.',
        '01900000-0000-7000-8000-000000000001', '2026-01-01 00:00:00', NULL,
        'open', '[25,25,25,25]', '[6,6,6,6]', 6, 3, 1, '2026-11-22 00:00:00', '2026-11-22 00:00:00');
