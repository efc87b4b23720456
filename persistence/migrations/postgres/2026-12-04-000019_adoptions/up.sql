-- Adoption and reuse (CAD art. 68-69): an administration declares that it adopts a catalogue service,
-- one declaration per administration and service, kept up to date (planned, in use, discontinued).
-- Dates are `YYYY-MM-DD` text, as publiccode.yml writes them.
CREATE TABLE adoptions (
    service_id      TEXT NOT NULL REFERENCES services (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    state           TEXT NOT NULL CHECK (state IN ('planned', 'in_use', 'discontinued')),
    started_on      TEXT CHECK (length(started_on) = 10),
    ended_on        TEXT CHECK (length(ended_on) = 10),
    note            TEXT,
    listed          BOOLEAN NOT NULL,
    declared_by     TEXT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (service_id, organization_id),
    CHECK ((state = 'discontinued') = (ended_on IS NOT NULL))
);
CREATE INDEX adoptions_organization_idx ON adoptions (organization_id);

-- Messages relayed between members of a service's reuse community: kept for the record and to
-- throttle each sender (no address is shown to the other side).
CREATE TABLE community_messages (
    id                   TEXT PRIMARY KEY NOT NULL,
    service_id           TEXT NOT NULL REFERENCES services (id),
    sender_id            TEXT NOT NULL REFERENCES users (id),
    from_organization_id TEXT NOT NULL REFERENCES organizations (id),
    to_organization_id   TEXT NOT NULL REFERENCES organizations (id),
    subject              TEXT NOT NULL,
    body                 TEXT NOT NULL,
    sent_at              TIMESTAMP NOT NULL
);
CREATE INDEX community_messages_sender_idx ON community_messages (sender_id, sent_at);
