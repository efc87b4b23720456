DELETE FROM user_roles WHERE role = 'administration';
CREATE TABLE user_roles_old (
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('proposer', 'evaluator', 'hub_manager', 'catalogue_editor', 'admin')),
    granted_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_old (user_id, role, granted_at) SELECT user_id, role, granted_at FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_old RENAME TO user_roles;
CREATE INDEX user_roles_role_idx ON user_roles (role, user_id);
DROP INDEX organizations_pending_idx;
DROP INDEX organizations_verified_tax_code_key;
ALTER TABLE organizations DROP COLUMN verified_by;
ALTER TABLE organizations DROP COLUMN verified_at;
