ALTER TABLE challenges DROP COLUMN responsible_id;
