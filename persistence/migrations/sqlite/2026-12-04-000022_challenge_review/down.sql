-- Back to four states: a challenge in review becomes a draft again; the notes are dropped.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE challenges_old (
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
    weights            TEXT NOT NULL,
    thresholds         TEXT NOT NULL,
    overall_threshold  INTEGER NOT NULL,
    min_reviews        INTEGER NOT NULL,
    revision           INTEGER NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
INSERT INTO challenges_old SELECT id, slug, title_it, title_en, description_it, description_en, sponsor_id,
       opens_at, closes_at, CASE state WHEN 'in_review' THEN 'draft' ELSE state END, weights, thresholds,
       overall_threshold, min_reviews, revision, created_at, updated_at
  FROM challenges;
DROP TABLE challenges;
ALTER TABLE challenges_old RENAME TO challenges;
CREATE UNIQUE INDEX challenges_slug_key ON challenges (slug);
CREATE INDEX challenges_state_idx ON challenges (state, id);
COMMIT;
PRAGMA foreign_keys = ON;
