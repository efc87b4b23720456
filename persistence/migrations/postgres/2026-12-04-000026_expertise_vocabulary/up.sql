-- The expertise vocabulary hub managers curate: the tags evaluators may declare (automatic assignment
-- matches them with proposals' tags). It starts with every tag an evaluator already declares.
CREATE TABLE expertise_terms (
    tag        TEXT PRIMARY KEY NOT NULL,
    label_it   TEXT NOT NULL,
    label_en   TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO expertise_terms (tag, label_it, created_at, updated_at)
SELECT DISTINCT t.tag, t.tag, now(), now()
FROM users, jsonb_array_elements_text(users.expertise::jsonb) AS t(tag)
ON CONFLICT DO NOTHING;
