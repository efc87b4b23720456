DROP TABLE assignments;
DROP TABLE rubric_pillars;
ALTER TABLE users DROP COLUMN expertise;
