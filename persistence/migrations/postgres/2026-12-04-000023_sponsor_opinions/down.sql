DROP TABLE sponsor_opinions;
ALTER TABLE challenges DROP COLUMN sponsor_opinions;
