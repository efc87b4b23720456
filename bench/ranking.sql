-- The ranking's two aggregate queries (persistence/src/reviews.rs, challenge_ranking_input), for challenge
-- 'open-call': per proposal sums/min/max of the submitted reviews' scores, then per evaluator totals.
-- bench/run times them with pgbench (PostgreSQL) and with the sqlite3 shell (string_agg → group_concat).
SELECT p.id, p.title, p.organization_id, p.state, p.version, p.submitted_at, COUNT(a.id),
  SUM(a.score_security_sovereignty), SUM(a.score_growth_development), SUM(a.score_talent_skills),
  SUM(a.score_effectiveness_sustainability), MIN(a.score_security_sovereignty), MIN(a.score_growth_development),
  MIN(a.score_talent_skills), MIN(a.score_effectiveness_sustainability), MAX(a.score_security_sovereignty),
  MAX(a.score_growth_development), MAX(a.score_talent_skills), MAX(a.score_effectiveness_sustainability),
  string_agg(a.evaluator_id, ',')
  FROM proposals p LEFT JOIN assignments a ON a.proposal_id = p.id AND a.proposal_version = p.version
    AND a.state = 'submitted' AND a.score_security_sovereignty IS NOT NULL AND a.score_growth_development IS NOT NULL
    AND a.score_talent_skills IS NOT NULL AND a.score_effectiveness_sustainability IS NOT NULL
  WHERE p.challenge_id = (SELECT id FROM challenges WHERE slug = 'open-call')
    AND p.state IN ('under_review', 'accepted', 'rejected', 'promoted')
  GROUP BY p.id ORDER BY p.id;
SELECT a.evaluator_id, SUM(a.score_security_sovereignty + a.score_growth_development + a.score_talent_skills
    + a.score_effectiveness_sustainability)
  FROM proposals p JOIN assignments a ON a.proposal_id = p.id AND a.proposal_version = p.version
    AND a.state = 'submitted' AND a.score_security_sovereignty IS NOT NULL AND a.score_growth_development IS NOT NULL
    AND a.score_talent_skills IS NOT NULL AND a.score_effectiveness_sustainability IS NOT NULL
  WHERE p.challenge_id = (SELECT id FROM challenges WHERE slug = 'open-call')
    AND p.state IN ('under_review', 'accepted', 'rejected', 'promoted')
  GROUP BY a.evaluator_id;
