DROP TABLE proposals_fts;
