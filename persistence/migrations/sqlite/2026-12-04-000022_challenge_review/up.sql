-- Challenges drafted by their administration: a new state, `in_review` (proposed to the hub), and a
-- hub manager's note when returning one. SQLite cannot change a CHECK constraint, so the table is
-- rebuilt (the twelve steps of https://sqlite.org/lang_altertable.html#otheralter): the proposals,
-- tags, sponsors and needs that refer to it keep their rows and their references.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE challenges_new (
    id                 TEXT PRIMARY KEY NOT NULL,
    slug               TEXT NOT NULL,
    title_it           TEXT NOT NULL,
    title_en           TEXT,
    description_it     TEXT NOT NULL,
    description_en     TEXT,
    sponsor_id         TEXT NOT NULL REFERENCES organizations (id),
    opens_at           TIMESTAMP NOT NULL,
    closes_at          TIMESTAMP,
    state              TEXT NOT NULL CHECK (state IN ('draft', 'in_review', 'open', 'closed', 'archived')),
    weights            TEXT NOT NULL,
    thresholds         TEXT NOT NULL,
    overall_threshold  INTEGER NOT NULL,
    min_reviews        INTEGER NOT NULL,
    revision           INTEGER NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    review_note        TEXT
);
INSERT INTO challenges_new (id, slug, title_it, title_en, description_it, description_en, sponsor_id, opens_at,
                            closes_at, state, weights, thresholds, overall_threshold, min_reviews, revision,
                            created_at, updated_at)
SELECT id, slug, title_it, title_en, description_it, description_en, sponsor_id, opens_at, closes_at, state,
       weights, thresholds, overall_threshold, min_reviews, revision, created_at, updated_at
  FROM challenges;
DROP TABLE challenges;
ALTER TABLE challenges_new RENAME TO challenges;
CREATE UNIQUE INDEX challenges_slug_key ON challenges (slug);
CREATE INDEX challenges_state_idx ON challenges (state, id);
COMMIT;
PRAGMA foreign_keys = ON;
