-- The PSN service catalogue: services promoted from accepted proposals or written by the catalogue team,
-- their tags and lifecycle history, and a full-text index over names, descriptions, features and tags.
CREATE TABLE services (
    id                     TEXT PRIMARY KEY NOT NULL,
    slug                   TEXT NOT NULL UNIQUE,
    name                   TEXT NOT NULL,
    short_description_it   TEXT NOT NULL,
    long_description_it    TEXT NOT NULL,
    short_description_en   TEXT,
    long_description_en    TEXT,
    features_it            TEXT NOT NULL DEFAULT '[]',
    features_en            TEXT NOT NULL DEFAULT '[]',
    service_model          TEXT CHECK (service_model IN ('iaas', 'paas', 'caas', 'saas')),
    provider_id            TEXT NOT NULL REFERENCES organizations (id),
    license                TEXT,
    repository_url         TEXT,
    landing_url            TEXT,
    version                TEXT,
    contacts               TEXT NOT NULL DEFAULT '[]',
    platforms              TEXT NOT NULL DEFAULT '[]',
    development_status     TEXT CHECK (development_status IN ('concept', 'development', 'beta', 'stable', 'obsolete')),
    state                  TEXT NOT NULL CHECK (state IN ('draft', 'published', 'deprecated', 'retired')),
    origin_proposal_id     TEXT UNIQUE REFERENCES proposals (id),
    score_security_sovereignty         INTEGER CHECK (score_security_sovereignty BETWEEN 0 AND 10),
    score_growth_development           INTEGER CHECK (score_growth_development BETWEEN 0 AND 10),
    score_talent_skills                INTEGER CHECK (score_talent_skills BETWEEN 0 AND 10),
    score_effectiveness_sustainability INTEGER CHECK (score_effectiveness_sustainability BETWEEN 0 AND 10),
    -- The sum of the four pillar scores in half points, or -1 without scores: the "score" sort key.
    sort_score             INTEGER NOT NULL DEFAULT -1,
    deprecation_reason     TEXT,
    replacement_id         TEXT REFERENCES services (id),
    revision               INTEGER NOT NULL,
    published_at           TIMESTAMP,
    created_at             TIMESTAMP NOT NULL,
    updated_at             TIMESTAMP NOT NULL
);
CREATE INDEX services_state_name_idx ON services (state, name, id);
CREATE INDEX services_state_score_idx ON services (state, sort_score, id);
CREATE INDEX services_provider_idx ON services (provider_id, id);

CREATE TABLE service_tags (
    service_id  TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    tag         TEXT NOT NULL,
    PRIMARY KEY (service_id, tag)
);
CREATE INDEX service_tags_tag_idx ON service_tags (tag, service_id);

CREATE TABLE service_history (
    id           TEXT PRIMARY KEY NOT NULL,
    service_id   TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    actor_id     TEXT REFERENCES users (id),
    action       TEXT NOT NULL,
    from_state   TEXT,
    to_state     TEXT NOT NULL,
    note         TEXT,
    occurred_at  TIMESTAMP NOT NULL
);
CREATE INDEX service_history_service_idx ON service_history (service_id, id);

-- FTS5 over the search document the store writes with every change of a service (accents folded).
CREATE VIRTUAL TABLE services_fts USING fts5(
    service_id UNINDEXED,
    document,
    tokenize = 'unicode61 remove_diacritics 2'
);
