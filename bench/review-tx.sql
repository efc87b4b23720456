-- pgbench script: the two transactions the hub runs for a review draft save and its submission
-- (persistence/src/reviews.rs: review_save, review_act(Submit), audit::append), statement by statement,
-- prepared (-M prepared), on a random review n of the ones bench/run inserted (-D from=… -D to=…).
-- The hub's per-request authentication (a session lookup in its own read transaction) is not included.
-- The audit entry goes to twins of the audit tables (bench_audit_log, bench_audit_head, made by bench/run),
-- with the hub's statements: the hub's own chain is keyed, and an entry without its key would break it.
\set n random(:from, :to)
BEGIN;
SELECT id, proposal_id, proposal_version, evaluator_id, assigned_by, due_at, state, conflict_confirmed_at,
  declined_reason, comments, overall_comment, confidential_comment, recommendation, submitted_at, reminder_sent_at,
  revision, created_at, updated_at, score_security_sovereignty, score_growth_development, score_talent_skills,
  score_effectiveness_sustainability
  FROM assignments WHERE id = 'b0000000-0000-7000-b000-' || lpad(:n::text, 12, '0') LIMIT 1 \gset a_
UPDATE assignments SET state = 'in_progress', score_security_sovereignty = 8, score_growth_development = 7,
  score_talent_skills = 6, score_effectiveness_sustainability = 9, comments = '{}',
  overall_comment = 'Proposta solida, ben argomentata e sostenibile.', confidential_comment = NULL,
  recommendation = 'accept', revision = :a_revision + 1, updated_at = LOCALTIMESTAMP
  WHERE id = :a_id AND revision = :a_revision;
SELECT id, proposal_id, proposal_version, evaluator_id, assigned_by, due_at, state, conflict_confirmed_at,
  declined_reason, comments, overall_comment, confidential_comment, recommendation, submitted_at, reminder_sent_at,
  revision, created_at, updated_at, score_security_sovereignty, score_growth_development, score_talent_skills,
  score_effectiveness_sustainability
  FROM assignments WHERE id = :a_id LIMIT 1;
SELECT title FROM proposals WHERE id = :a_proposal_id LIMIT 1;
SELECT display_name FROM users WHERE id = :a_evaluator_id LIMIT 1;
COMMIT;
BEGIN;
SELECT id, proposal_id, proposal_version, evaluator_id, assigned_by, due_at, state, conflict_confirmed_at,
  declined_reason, comments, overall_comment, confidential_comment, recommendation, submitted_at, reminder_sent_at,
  revision, created_at, updated_at, score_security_sovereignty, score_growth_development, score_talent_skills,
  score_effectiveness_sustainability
  FROM assignments WHERE id = :a_id LIMIT 1 \gset b_
UPDATE assignments SET state = 'submitted', submitted_at = LOCALTIMESTAMP, revision = :b_revision + 1,
  updated_at = LOCALTIMESTAMP WHERE id = :b_id AND revision = :b_revision;
SELECT pg_advisory_xact_lock(727465);
SELECT id, seq, hash, unkeyed_until, key_id, mac FROM bench_audit_head WHERE id = 1 \gset l_
INSERT INTO bench_audit_log (seq, id, occurred_at, actor_id, action, target_type, target_id, details, prev_hash,
  hash) VALUES (:l_seq + 1, gen_random_uuid()::text, LOCALTIMESTAMP, :b_evaluator_id, 'review.moved', 'assignment',
  :b_id, '{"action":"submit"}', :l_hash, md5(:l_hash) || md5(:b_id));
UPDATE bench_audit_head SET seq = :l_seq + 1, hash = md5(:l_hash) || md5(:b_id), mac = md5(:b_id) WHERE id = 1;
SELECT id, proposal_id, proposal_version, evaluator_id, assigned_by, due_at, state, conflict_confirmed_at,
  declined_reason, comments, overall_comment, confidential_comment, recommendation, submitted_at, reminder_sent_at,
  revision, created_at, updated_at, score_security_sovereignty, score_growth_development, score_talent_skills,
  score_effectiveness_sustainability
  FROM assignments WHERE id = :a_id LIMIT 1;
SELECT title FROM proposals WHERE id = :b_proposal_id LIMIT 1;
SELECT display_name FROM users WHERE id = :b_evaluator_id LIMIT 1;
COMMIT;
