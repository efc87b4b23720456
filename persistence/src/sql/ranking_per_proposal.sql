-- The ranking, per proposal of challenge $1 under review or decided: the sums, minima and maxima of the
-- complete submitted reviews of its current version, and the agreed scores of its final consensus report on
-- that version, if any (persistence/src/ranking.rs; bench/run times it too).
-- Grouped by the primary key alone: the other proposal columns depend on it (PostgreSQL accepts them,
-- SQLite takes them from the group's row) and the scan in key order needs no sort.
SELECT p.id, p.title, p.organization_id, p.state, p.version, p.submitted_at, p.budget_cents, COUNT(a.id) AS reviews,
  SUM(a.score_security_sovereignty) AS sum_1, SUM(a.score_growth_development) AS sum_2,
  SUM(a.score_talent_skills) AS sum_3, SUM(a.score_effectiveness_sustainability) AS sum_4,
  MIN(a.score_security_sovereignty) AS min_1, MIN(a.score_growth_development) AS min_2,
  MIN(a.score_talent_skills) AS min_3, MIN(a.score_effectiveness_sustainability) AS min_4,
  MAX(a.score_security_sovereignty) AS max_1, MAX(a.score_growth_development) AS max_2,
  MAX(a.score_talent_skills) AS max_3, MAX(a.score_effectiveness_sustainability) AS max_4,
  string_agg(a.evaluator_id, ',') AS evaluators,
  MAX(c.score_security_sovereignty) AS agreed_1, MAX(c.score_growth_development) AS agreed_2,
  MAX(c.score_talent_skills) AS agreed_3, MAX(c.score_effectiveness_sustainability) AS agreed_4
  FROM proposals p LEFT JOIN consensus_reports c ON c.proposal_id = p.id AND c.proposal_version = p.version
    AND c.state = 'final'
  LEFT JOIN assignments a ON a.proposal_id = p.id AND a.proposal_version = p.version
    AND a.state = 'submitted' AND a.score_security_sovereignty IS NOT NULL AND a.score_growth_development IS NOT NULL
    AND a.score_talent_skills IS NOT NULL AND a.score_effectiveness_sustainability IS NOT NULL
  WHERE p.challenge_id = $1
    AND p.state IN ('under_review', 'accepted', 'rejected', 'promoted')
  GROUP BY p.id ORDER BY p.id;
