-- Webhooks (issue 20). An endpoint belongs to an organisation (its proposals, services and adoptions) or,
-- with no organisation, to the hub (everything). Its secrets are kept sealed with a key the database never
-- holds; after a rotation the previous one still signs until previous_until.
CREATE TABLE webhook_endpoints (
    id                   TEXT PRIMARY KEY,
    organization_id      TEXT REFERENCES organizations (id),
    url                  TEXT NOT NULL,
    description          TEXT NOT NULL DEFAULT '',
    events               TEXT NOT NULL,
    secret               TEXT NOT NULL,
    previous_secret      TEXT,
    previous_until       TIMESTAMP,
    state                TEXT NOT NULL CHECK (state IN ('active', 'disabled')),
    disabled_by_hub      BOOLEAN NOT NULL DEFAULT FALSE,
    failures             INTEGER NOT NULL DEFAULT 0,
    failing_since        TIMESTAMP,
    created_by           TEXT REFERENCES users (id),
    created_at           TIMESTAMP NOT NULL,
    updated_at           TIMESTAMP NOT NULL
);
CREATE INDEX webhook_endpoints_org_idx ON webhook_endpoints (organization_id);

-- An event raised by an audited change, written in its transaction when some endpoint is to hear of it:
-- the body every endpoint receives, byte for byte, and its id (the webhook-id of every delivery).
CREATE TABLE webhook_events (
    id          TEXT PRIMARY KEY,
    event_type  TEXT NOT NULL,
    audit_seq   BIGINT,
    payload     TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL
);

-- One event to one endpoint: the outbox the worker claims from, with a lease.
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event_id        TEXT NOT NULL REFERENCES webhook_events (id),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    locked_until    TIMESTAMP,
    last_code       INTEGER,
    last_error      TEXT,
    created_at      TIMESTAMP NOT NULL,
    delivered_at    TIMESTAMP,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_endpoint_idx ON webhook_deliveries (endpoint_id, id);

-- Every attempt: when, the answer's status (none when it never came), how long it took, what failed.
CREATE TABLE webhook_attempts (
    id           TEXT PRIMARY KEY,
    delivery_id  TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    attempted_at TIMESTAMP NOT NULL,
    status_code  INTEGER,
    latency_ms   INTEGER NOT NULL,
    error        TEXT
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, attempted_at);
