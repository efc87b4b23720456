DROP TABLE annexes;
DROP TABLE annex_objects;
ALTER TABLE challenges DROP COLUMN annex_rules;
