-- The foundation: organisations, users and their credentials, the mail outbox and the audit log.
-- Ids are UUID v7 as text; timestamps are UTC, always set by the application clock.

CREATE TABLE organizations (
    id          TEXT PRIMARY KEY NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('startup', 'university', 'research_centre', 'company', 'public_administration')),
    tax_code    TEXT NOT NULL,
    ipa_code    TEXT,
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX organizations_tax_code_idx ON organizations (tax_code);
CREATE UNIQUE INDEX organizations_ipa_code_key ON organizations (ipa_code);

CREATE TABLE users (
    id                 TEXT PRIMARY KEY NOT NULL,
    organization_id    TEXT NOT NULL REFERENCES organizations (id),
    email              TEXT NOT NULL,
    display_name       TEXT NOT NULL,
    password_hash      TEXT NOT NULL,
    locale             TEXT NOT NULL CHECK (locale IN ('it', 'en')),
    is_org_owner       BOOLEAN NOT NULL,
    email_verified_at  TIMESTAMP,
    token_version      INTEGER NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_email_key ON users (email);
CREATE INDEX users_organization_idx ON users (organization_id);

CREATE TABLE user_roles (
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        TEXT NOT NULL CHECK (role IN ('proposer', 'evaluator', 'hub_manager', 'catalogue_editor', 'admin')),
    granted_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, role)
);
CREATE INDEX user_roles_role_idx ON user_roles (role, user_id);

-- A session is a refresh-token family: reuse of a spent refresh token revokes it whole.
CREATE TABLE sessions (
    id              TEXT PRIMARY KEY NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP NOT NULL,
    revoked_at      TIMESTAMP,
    revoked_reason  TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE refresh_tokens (
    id          TEXT PRIMARY KEY NOT NULL,
    session_id  TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);
CREATE UNIQUE INDEX refresh_tokens_hash_key ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

CREATE TABLE personal_access_tokens (
    id            TEXT PRIMARY KEY NOT NULL,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    token_hash    TEXT NOT NULL,
    scopes        TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    expires_at    TIMESTAMP NOT NULL,
    last_used_at  TIMESTAMP,
    revoked_at    TIMESTAMP
);
CREATE UNIQUE INDEX personal_access_tokens_hash_key ON personal_access_tokens (token_hash);
CREATE INDEX personal_access_tokens_user_idx ON personal_access_tokens (user_id);

-- Single-use tokens sent by email: email verification and password reset.
CREATE TABLE account_tokens (
    id          TEXT PRIMARY KEY NOT NULL,
    user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     TEXT NOT NULL CHECK (purpose IN ('verify_email', 'password_reset')),
    token_hash  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL,
    used_at     TIMESTAMP
);
CREATE UNIQUE INDEX account_tokens_hash_key ON account_tokens (token_hash);
CREATE INDEX account_tokens_user_idx ON account_tokens (user_id, purpose);

CREATE TABLE invitations (
    id               TEXT PRIMARY KEY NOT NULL,
    organization_id  TEXT NOT NULL REFERENCES organizations (id),
    email            TEXT NOT NULL,
    invited_by       TEXT NOT NULL REFERENCES users (id),
    token_hash       TEXT NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    expires_at       TIMESTAMP NOT NULL,
    accepted_at      TIMESTAMP,
    accepted_by      TEXT REFERENCES users (id)
);
CREATE UNIQUE INDEX invitations_hash_key ON invitations (token_hash);
CREATE INDEX invitations_organization_idx ON invitations (organization_id);

-- Every email, written in the transaction of the change that causes it; a worker delivers it.
CREATE TABLE outbox (
    id               TEXT PRIMARY KEY NOT NULL,
    template         TEXT NOT NULL,
    locale           TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    params           TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
    attempts         INTEGER NOT NULL,
    next_attempt_at  TIMESTAMP NOT NULL,
    locked_until     TIMESTAMP,
    last_error       TEXT,
    created_at       TIMESTAMP NOT NULL,
    sent_at          TIMESTAMP
);
CREATE INDEX outbox_due_idx ON outbox (status, next_attempt_at);

-- Append-only and hash-chained: each row carries the previous row's hash and its own.
CREATE TABLE audit_log (
    seq          BIGINT PRIMARY KEY NOT NULL,
    id           TEXT NOT NULL,
    occurred_at  TIMESTAMP NOT NULL,
    actor_id     TEXT,
    action       TEXT NOT NULL,
    target_type  TEXT NOT NULL,
    target_id    TEXT NOT NULL,
    details      TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_log_id_key ON audit_log (id);
CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id);

-- The platform operator's own organisation, so that `hub admin create-user` has a home for staff.
INSERT INTO organizations (id, name, kind, tax_code, ipa_code, created_at)
VALUES ('01900000-0000-7000-8000-000000000001', 'Innovation Hub PSN', 'company', '12345678903', NULL, '2026-11-22 00:00:00');
