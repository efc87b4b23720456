DROP TABLE redress_requests;
ALTER TABLE challenges DROP COLUMN redress_days;
