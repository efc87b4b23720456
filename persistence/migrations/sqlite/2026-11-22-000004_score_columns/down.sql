DROP INDEX assignments_ranking_idx;
ALTER TABLE assignments ADD COLUMN scores TEXT NOT NULL DEFAULT '[null,null,null,null]';
UPDATE assignments SET scores = json_array(
    score_security_sovereignty, score_growth_development, score_talent_skills, score_effectiveness_sustainability);
ALTER TABLE assignments DROP COLUMN score_security_sovereignty;
ALTER TABLE assignments DROP COLUMN score_growth_development;
ALTER TABLE assignments DROP COLUMN score_talent_skills;
ALTER TABLE assignments DROP COLUMN score_effectiveness_sustainability;
