-- The ranking, per evaluator: the total of their complete submitted reviews of the current versions of
-- challenge $1's proposals under review or decided (persistence/src/ranking.rs; bench/run times it too).
SELECT a.evaluator_id, SUM(a.score_security_sovereignty + a.score_growth_development + a.score_talent_skills
    + a.score_effectiveness_sustainability) AS total, COUNT(a.id) AS reviews
  FROM proposals p JOIN assignments a ON a.proposal_id = p.id AND a.proposal_version = p.version
    AND a.state = 'submitted' AND a.score_security_sovereignty IS NOT NULL AND a.score_growth_development IS NOT NULL
    AND a.score_talent_skills IS NOT NULL AND a.score_effectiveness_sustainability IS NOT NULL
  WHERE p.challenge_id = $1
    AND p.state IN ('under_review', 'accepted', 'rejected', 'promoted')
  GROUP BY a.evaluator_id;
