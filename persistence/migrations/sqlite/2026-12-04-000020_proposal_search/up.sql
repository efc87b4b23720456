-- The proposals' full-text document, as the services' (`services_fts`): the store writes it with every
-- change of a proposal's text; the existing ones get theirs here (FTS5 folds the accents itself). The
-- screening's similar proposals are found with it.
CREATE VIRTUAL TABLE proposals_fts USING fts5(
    proposal_id UNINDEXED,
    document,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO proposals_fts (proposal_id, document)
SELECT id, lower(title || ' ' || coalesce(summary, '') || ' ' || coalesce(description, '')) FROM proposals;
