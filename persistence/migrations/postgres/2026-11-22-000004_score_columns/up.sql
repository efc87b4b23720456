-- Review scores move from a JSON array to one integer column per pillar (half points 0..10, null
-- while drafting), so that a challenge's ranking is computed by SQL aggregates instead of decoding
-- every review.

ALTER TABLE assignments
    ADD COLUMN score_security_sovereignty INTEGER CHECK (score_security_sovereignty BETWEEN 0 AND 10),
    ADD COLUMN score_growth_development INTEGER CHECK (score_growth_development BETWEEN 0 AND 10),
    ADD COLUMN score_talent_skills INTEGER CHECK (score_talent_skills BETWEEN 0 AND 10),
    ADD COLUMN score_effectiveness_sustainability INTEGER CHECK (score_effectiveness_sustainability BETWEEN 0 AND 10);

UPDATE assignments SET
    score_security_sovereignty = (scores::json ->> 0)::integer,
    score_growth_development = (scores::json ->> 1)::integer,
    score_talent_skills = (scores::json ->> 2)::integer,
    score_effectiveness_sustainability = (scores::json ->> 3)::integer;

ALTER TABLE assignments DROP COLUMN scores;

-- The ranking reads the submitted reviews of a proposal's current version.
CREATE INDEX assignments_ranking_idx ON assignments (proposal_id, proposal_version, state);
