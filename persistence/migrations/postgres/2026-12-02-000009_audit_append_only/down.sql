DROP TRIGGER audit_head_no_delete ON audit_head;
DROP TRIGGER audit_log_append_only ON audit_log;
DROP FUNCTION audit_append_only();
DROP TABLE audit_head;
