-- Review quality (issue 19): hub managers and the version's rapporteur rate each submitted review with
-- HotCRP's labels (helpful, too_short, vague, narrow, inconsistent, disrespectful; comma-separated names) and
-- an optional note to its evaluator. One rating per review and rater, replaced when the rater changes it.
CREATE TABLE review_ratings (
    assignment_id TEXT NOT NULL REFERENCES assignments (id),
    rater_id      TEXT NOT NULL REFERENCES users (id),
    labels        TEXT NOT NULL CHECK (labels <> ''),
    note          TEXT,
    rated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (assignment_id, rater_id)
);
CREATE INDEX review_ratings_rater_idx ON review_ratings (rater_id);
