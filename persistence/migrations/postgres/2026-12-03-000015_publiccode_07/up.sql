-- publiccode.yml 0.7 (issue 15): the editor-set fields only the export uses, as one JSON text column
-- (`release_date`, `supports`), so `services` stays within diesel's 32 columns. A service published
-- before this migration had its first publication as its release date: it keeps that date.
ALTER TABLE services ADD COLUMN publiccode TEXT NOT NULL DEFAULT '{}';
UPDATE services SET publiccode = json_build_object('release_date', to_char(published_at, 'YYYY-MM-DD'))::text
WHERE published_at IS NOT NULL;
