-- The admins' audit log pages filter by actor and by action, newest first: each filter reads its own
-- index in `seq` order instead of scanning the whole log.
CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, seq);
CREATE INDEX audit_log_action_idx ON audit_log (action, seq);
