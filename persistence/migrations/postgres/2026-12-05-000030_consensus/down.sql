DROP TABLE consensus_positions;
DROP TABLE consensus_reports;
ALTER TABLE challenges DROP COLUMN consensus;
