DROP INDEX proposals_search_idx;
ALTER TABLE proposals DROP COLUMN search;
