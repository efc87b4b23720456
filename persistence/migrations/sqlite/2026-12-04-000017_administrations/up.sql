-- Administrations are actors (issue 18). A public administration is pending until an admin verifies
-- it; only a verified one sponsors, states needs or declares adoptions, and its tax code is unique
-- among the verified ones. Its officers hold the new role `administration`.
ALTER TABLE organizations ADD COLUMN verified_at TIMESTAMP;
ALTER TABLE organizations ADD COLUMN verified_by TEXT REFERENCES users (id);
-- What existed before: an administration nobody founded (an admin or the seeds registered it) is
-- verified as of its registration; one a user founded waits for an admin.
UPDATE organizations SET verified_at = created_at
 WHERE kind = 'public_administration'
   AND NOT EXISTS (SELECT 1 FROM users WHERE users.organization_id = organizations.id AND users.is_org_owner);
CREATE UNIQUE INDEX organizations_verified_tax_code_key ON organizations (tax_code)
 WHERE kind = 'public_administration' AND verified_at IS NOT NULL;
CREATE INDEX organizations_pending_idx ON organizations (kind, verified_at);

-- SQLite cannot change a CHECK constraint: the role table is rebuilt with the new role.
CREATE TABLE user_roles_new (
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('proposer', 'evaluator', 'hub_manager', 'catalogue_editor', 'admin', 'administration')),
    granted_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, role)
);
INSERT INTO user_roles_new (user_id, role, granted_at) SELECT user_id, role, granted_at FROM user_roles;
DROP TABLE user_roles;
ALTER TABLE user_roles_new RENAME TO user_roles;
CREATE INDEX user_roles_role_idx ON user_roles (role, user_id);
