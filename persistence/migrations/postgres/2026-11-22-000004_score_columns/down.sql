DROP INDEX assignments_ranking_idx;
ALTER TABLE assignments ADD COLUMN scores TEXT NOT NULL DEFAULT '[null,null,null,null]';
UPDATE assignments SET scores = json_build_array(
    score_security_sovereignty, score_growth_development, score_talent_skills, score_effectiveness_sustainability)::text;
ALTER TABLE assignments
    DROP COLUMN score_security_sovereignty,
    DROP COLUMN score_growth_development,
    DROP COLUMN score_talent_skills,
    DROP COLUMN score_effectiveness_sustainability;
