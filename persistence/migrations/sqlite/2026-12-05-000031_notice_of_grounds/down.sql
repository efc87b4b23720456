DROP TABLE grounds_notices;
ALTER TABLE challenges DROP COLUMN notice_days;
ALTER TABLE challenges DROP COLUMN notice_of_grounds;
