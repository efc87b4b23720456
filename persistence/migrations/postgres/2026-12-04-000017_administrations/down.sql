DELETE FROM user_roles WHERE role = 'administration';
ALTER TABLE user_roles DROP CONSTRAINT user_roles_role_check;
ALTER TABLE user_roles ADD CONSTRAINT user_roles_role_check
    CHECK (role IN ('proposer', 'evaluator', 'hub_manager', 'catalogue_editor', 'admin'));
DROP INDEX organizations_pending_idx;
DROP INDEX organizations_verified_tax_code_key;
ALTER TABLE organizations DROP COLUMN verified_by;
ALTER TABLE organizations DROP COLUMN verified_at;
