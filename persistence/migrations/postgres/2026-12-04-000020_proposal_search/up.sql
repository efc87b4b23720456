-- The proposals' full-text document, as the services' (`services.search`): the store writes it with
-- every change of a proposal's text; the existing ones get theirs here, lowercased with the Italian
-- accents folded as the store folds them. The screening's similar proposals are found with it.
ALTER TABLE proposals ADD COLUMN search TSVECTOR NOT NULL DEFAULT ''::tsvector;
UPDATE proposals SET search = to_tsvector('simple', translate(
    lower(title || ' ' || coalesce(summary, '') || ' ' || coalesce(description, '')),
    'àáâäãåèéêëìíîïòóôöõùúûüçñ', 'aaaaaaeeeeiiiiooooouuuucn'));
CREATE INDEX proposals_search_idx ON proposals USING GIN (search);
