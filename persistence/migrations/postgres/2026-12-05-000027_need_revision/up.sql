-- A need is edited by every officer of its administration: its revision is its ETag, and an edit must
-- name the revision it was made on (If-Match), so that no officer overwrites a colleague's edit unseen.
ALTER TABLE needs ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
