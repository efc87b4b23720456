-- Needs (fabbisogni): what a verified administration needs, co-signed by others, triaged by the hub
-- (merged, turned into a challenge, closed). Pillars and tags are JSON arrays of their keys.
CREATE TABLE needs (
    id              TEXT PRIMARY KEY NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    author_id       TEXT NOT NULL REFERENCES users (id),
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    pillars         TEXT NOT NULL,
    tags            TEXT NOT NULL,
    urgency         TEXT NOT NULL CHECK (urgency IN ('low', 'medium', 'high')),
    population      BIGINT NOT NULL CHECK (population > 0),
    budget_min_eur  BIGINT,
    budget_max_eur  BIGINT,
    public          BOOLEAN NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('open', 'merged', 'converted', 'closed')),
    merged_into     TEXT REFERENCES needs (id),
    challenge_id    TEXT REFERENCES challenges (id),
    closed_reason   TEXT,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    CHECK ((budget_min_eur IS NULL) = (budget_max_eur IS NULL))
);
CREATE INDEX needs_state_idx ON needs (state, id);
CREATE INDEX needs_organization_idx ON needs (organization_id, id);
CREATE INDEX needs_challenge_idx ON needs (challenge_id);

-- "Anche noi": one co-signature per administration and need.
CREATE TABLE need_cosignatures (
    need_id         TEXT NOT NULL REFERENCES needs (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    user_id         TEXT NOT NULL REFERENCES users (id),
    note            TEXT,
    population      BIGINT CHECK (population > 0),
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (need_id, organization_id)
);
CREATE INDEX need_cosignatures_organization_idx ON need_cosignatures (organization_id);

-- A need's history: stated, co-signed, withdrawn, merged, converted, closed.
CREATE TABLE need_events (
    id          TEXT PRIMARY KEY NOT NULL,
    need_id     TEXT NOT NULL REFERENCES needs (id),
    action      TEXT NOT NULL,
    actor_id    TEXT REFERENCES users (id),
    detail      TEXT,
    occurred_at TIMESTAMP NOT NULL
);
CREATE INDEX need_events_need_idx ON need_events (need_id, id);

-- A challenge's co-sponsors: the administrations of the needs it came from, besides its sponsor.
CREATE TABLE challenge_sponsors (
    challenge_id    TEXT NOT NULL REFERENCES challenges (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    added_at        TIMESTAMP NOT NULL,
    PRIMARY KEY (challenge_id, organization_id)
);
