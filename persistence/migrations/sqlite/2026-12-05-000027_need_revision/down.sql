ALTER TABLE needs DROP COLUMN revision;
