-- A sponsor's opinion (parere) on a proposal under review: a challenge says whether it asks its
-- administrations (sponsor and co-sponsors) for one; each gives at most one per proposal, kept up to date
-- until the decision, for the hub managers who decide. Non-binding.
ALTER TABLE challenges ADD COLUMN sponsor_opinions BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE sponsor_opinions (
    proposal_id     TEXT NOT NULL REFERENCES proposals (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    verdict         TEXT NOT NULL CHECK (verdict IN ('favourable', 'favourable_with_remarks', 'unfavourable')),
    text            TEXT NOT NULL,
    given_by        TEXT NOT NULL REFERENCES users (id),
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (proposal_id, organization_id)
);
CREATE INDEX sponsor_opinions_organization_idx ON sponsor_opinions (organization_id);
