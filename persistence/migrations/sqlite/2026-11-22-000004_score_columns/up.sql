-- Review scores move from a JSON array to one integer column per pillar (half points 0..10, null
-- while drafting), so that a challenge's ranking is computed by SQL aggregates instead of decoding
-- every review.

ALTER TABLE assignments ADD COLUMN score_security_sovereignty INTEGER CHECK (score_security_sovereignty BETWEEN 0 AND 10);
ALTER TABLE assignments ADD COLUMN score_growth_development INTEGER CHECK (score_growth_development BETWEEN 0 AND 10);
ALTER TABLE assignments ADD COLUMN score_talent_skills INTEGER CHECK (score_talent_skills BETWEEN 0 AND 10);
ALTER TABLE assignments ADD COLUMN score_effectiveness_sustainability INTEGER
    CHECK (score_effectiveness_sustainability BETWEEN 0 AND 10);

UPDATE assignments SET
    score_security_sovereignty = json_extract(scores, '$[0]'),
    score_growth_development = json_extract(scores, '$[1]'),
    score_talent_skills = json_extract(scores, '$[2]'),
    score_effectiveness_sustainability = json_extract(scores, '$[3]');

ALTER TABLE assignments DROP COLUMN scores;

-- The ranking reads the submitted reviews of a proposal's current version.
CREATE INDEX assignments_ranking_idx ON assignments (proposal_id, proposal_version, state);
