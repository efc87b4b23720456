ALTER TABLE services DROP COLUMN publiccode;
