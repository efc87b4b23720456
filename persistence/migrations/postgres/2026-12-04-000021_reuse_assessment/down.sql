ALTER TABLE proposals DROP COLUMN reuse_assessment;
